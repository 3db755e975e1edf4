// VIAS error answers: the six-field body and the codes of the catalogue (Error Codes page of the
// VIAS API reference, vias_03_0280; rows and wording as in /work/shared/reference §4.1).
// `reason` and `advice` are the catalogue's Description and Solution columns, in English.

const CATALOGUE = {
  'VIAS.00010001': [400, 'The parameters are invalid.', 'Invalid parameter.', 'Ensure that the entered parameter is valid.'],
  'VIAS.00010002': [400, 'The object does not exist.', 'The specified object does not exist.', 'Check the configuration.'],
  'VIAS.00010003': [400, 'The object already exists.', 'The object already exists.', 'Use or create another object.'],
  'VIAS.00010004': [400, 'The object or parameter is invalid.', 'The object or parameter is invalid.', 'Check the format of the object or parameter.'],
  'VIAS.00010005': [401, 'Authorization failed.', 'Authorization failed.', 'Check the user permissions.'],
  'VIAS.00010006': [500, 'An internal error occurs.', 'An internal error occurs.', 'An internal error occurs.'],
  'VIAS.00010007': [400, 'No task is found based on the task ID.', 'No task is found based on the task ID.', 'Check your task ID.'],
  'VIAS.00010008': [400, 'No task is found based on the ID.', 'No task is found based on the ID.', 'Check your ID.'],
  'VIAS.00010011': [400, 'There is a job with the same name.', 'There is a job with the same name.', 'Change the job name.'],
};

/** A VIAS error answer; thrown by handlers, turned into a response by the server. */
export class ViasFault extends Error {
  /**
   * @param {keyof typeof CATALOGUE} code
   * @param {string} detail what exactly is wrong (never a credential)
   * @param {string} [param] the offending field, if there is one
   * @param {number} [status] overrides the catalogue's status (404/405 for unknown routes)
   */
  constructor(code, detail, param, status) {
    super(detail);
    const [catalogueStatus, message, reason, advice] = CATALOGUE[code];
    this.status = status ?? catalogueStatus;
    this.body = { error_code: code, error_msg: message, detail, params: param === undefined ? [] : [param], reason, advice };
  }
}

export const invalid = (param, detail) => new ViasFault('VIAS.00010001', detail, param);
export const unknownTask = (id) => new ViasFault('VIAS.00010007', `No task with ID ${id} in this project.`, 'task_id');
