// The algorithm services every project of the emulator has ("my algorithm services"). A task is
// created for a service by its `api` (the `{service_name}` of createServiceTask), and only while
// the service is running. The catalogue holds every service the seed pages and the vendor's
// examples name, so code written against earlier emulators keeps working; more can be added with
// `--services FILE` (a JSON array of entries of this form; an entry with the `api` of a built-in
// one replaces it).
//
// Where a vendor example masks an ID (`068ed4d8-077e-4ec9-aa19-bc******e925`), the stars are
// replaced by digits. The `api` names of the services the vendor masks or does not name are this
// emulator's, in the vendor's form (`c-<analysis>-<cloud|edge>`).

export interface CatalogueEntry {
  /** What createServiceTask's `{service_name}` and createBatchTask's `service_name` name. */
  api: string;
  alg_id: string;
  service_id: string;
  /** The display name (`service_name` of ListUserServices). */
  service_name: string;
  deploy_type: 'cloud' | 'edge';
  alg_class?: 'self' | 'partner';
  request_mode?: 'sync' | 'async';
  function_version: string;
  alg_version?: string;
  description?: string;
  company?: string;
  /** The state before any deploy or stop in a project. */
  alg_status: 'not_deployed' | 'service_running' | 'service_stopped' | 'service_failed';
  /** Why the service failed, for `service_failed`. */
  error_msg?: string;
  created_at: number;
  input_types?: ('OBS' | 'URL' | 'Restful' | 'VCN' | 'EdgeCamera')[];
  output_types?: ('OBS' | 'DIS' | 'Webhook')[];
  /**
   * The webhook (of the VIAS description's `webhooks`) whose messages its tasks send; none for
   * the algorithms whose output the vendor does not document.
   */
  alert?: string;
}

const created_at = 1680005185627; // the vendor's example's, for every built-in service

export const CATALOGUE: readonly CatalogueEntry[] = [
  // Seeds 000 and 004: the video analysis service of the service-job pages.
  { api: 'video-analyze', alg_id: '7d2b6c15-0f43-4a8e-9b1d-3c5e7a9f1b20', service_id: '2a6f4c81-93d7-4e25-8b0a-6d1f3e5c7a92', service_name: 'video-analyze', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['OBS', 'URL'], output_types: ['OBS', 'Webhook'] },
  // Seed 001: the edge queue-status analysis (CampusGo).
  { api: 'c-queue-status-analysis-edge', alg_id: '1b9e4d7a-5c2f-4e83-a6d0-8f3b1c7e5a24', service_id: '9c4a7e12-6b3d-4f58-9a1e-2d7c5b8f3e61', service_name: '排队状态分析', deploy_type: 'edge', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['EdgeCamera'], output_types: ['Webhook', 'DIS'] },
  // ListUserServices' example: an edge intrusion detection (running), and two cloud services, one
  // stopped and one failed. ShowServiceDetail's example gives the intrusion detection's api.
  { api: 'c-intrusion-detection-edge', alg_id: '068ed4d8-077e-4ec9-aa19-bc0000ffe925', service_id: '331bcb4a-5b3c-4e67-87cc-6c0000ffd77b', service_name: '边缘入侵检测', deploy_type: 'edge', alg_class: 'self', request_mode: 'async', function_version: '1.0', alg_status: 'service_running', created_at: 1680008856502, input_types: ['EdgeCamera', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'], alert: 'intrusionAlert' },
  { api: 'test-event-01', alg_id: '5c73bd3f-6498-40e5-a40f-7b0000ff1139', service_id: '04dc08b7-da07-46ee-83e7-c30000fff668', service_name: 'test-event-01', deploy_type: 'cloud', alg_class: 'self', request_mode: 'async', function_version: '1.0', alg_status: 'service_stopped', created_at },
  { api: 'test-cloud-alg', alg_id: 'c01ec07f-874f-42f1-ba1d-150000ffd71b', service_id: 'db1ec2d2-d023-4d20-ab6f-bc0000ff4eeb', service_name: 'TEST-CLOUD-ALG', deploy_type: 'cloud', alg_class: 'self', request_mode: 'async', function_version: '1.0', alg_status: 'service_failed', error_msg: 'The service failed to start.', description: '测试云上算法', created_at: 1680008219078 },
  // The algorithms whose webhook messages the vendor documents, on the cloud.
  { api: 'c-intrusion-detection-cloud', alg_id: 'e3a1f5c7-2b4d-4a69-8c0e-1f7d3b5a9c42', service_id: '5e8c2a4f-7d1b-4c36-9e0a-3b6f8d2c4a17', service_name: '入侵检测', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'], alert: 'intrusionAlert' },
  { api: 'c-crowd-density-cloud', alg_id: 'a4c8e2f6-1d3b-4759-b8a0-6e2c4f8a1d35', service_id: '8b2d6f4a-3c1e-4a97-8d5b-0f4a6c2e8b13', service_name: '高密度人群检测', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'], alert: 'crowdDensityAlert' },
  { api: 'c-crowd-peak-count-cloud', alg_id: 'f7b3d9e1-4a6c-4852-9f0d-2b8e6a4c1f59', service_id: '3d7f1b5e-9a2c-4e68-a4f0-7c1e5b9d3a26', service_name: '人群峰值统计', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['DIS', 'Webhook'], alert: 'crowdPeakCountAlert' },
  { api: 'c-people-flow-count-cloud', alg_id: 'b9d5f1a3-6c8e-4a27-b0d4-5f3a7c9e1b68', service_id: '6f1b9d3a-2e4c-4c85-b7a1-9d3f5b1e7c42', service_name: '人流量统计', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'], alert: 'peopleFlowLineCrossingAlert' },
  { api: 'c-vehicle-analysis-cloud', alg_id: 'd1f7b3e9-8a2c-4d46-a9e3-4c6e8a2f5b71', service_id: '1c5e9a3f-4b7d-4f19-8c2e-6a8d4f1b3e95', service_name: '视频车辆分析', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'], alert: 'vehicleAlert' },
  { api: 'c-face-extraction-edge', alg_id: '2e6a8c4f-9b1d-4e37-8f5a-7d9b3e1c6a84', service_id: '7a3c5e1f-6d8b-4a52-9c4e-8f2a6d4b1c39', service_name: '人脸提取', deploy_type: 'edge', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['EdgeCamera', 'Restful'], output_types: ['Webhook', 'DIS'], alert: 'faceExtractionAlert' },
  // CreateBatchTask's and UpdateBatchTask's examples name their service by its display name.
  { api: 'c-smoke-fire-demo-cloud', alg_id: '8c2e6a4f-1b3d-4f57-a9c1-5e7b3d1f9a62', service_id: '4b8f2d6a-7c1e-4a39-b5d7-2f9c1e5a7b34', service_name: '烟火演示算法', deploy_type: 'cloud', function_version: '1.0', alg_status: 'service_running', created_at, input_types: ['URL', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'] },
  // An edge algorithm to deploy, not deployed until deployAlgorithm names a pool. The newest of
  // the catalogue, so a first listUserServices (newest first) names a service to deploy.
  { api: 'c-smoke-fire-detect-edge', alg_id: '4f8b2d6a-3e5c-4b19-a7d3-1e9c5a7f3b26', service_id: '9e5a1c7f-2d4b-4f83-b6e8-3a7c9e5b1d47', service_name: '烟火检测', deploy_type: 'edge', function_version: '1.0', alg_status: 'not_deployed', created_at: 1690000000000, input_types: ['EdgeCamera', 'Restful', 'VCN'], output_types: ['Webhook', 'DIS'] },
];

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const API = /^[a-zA-Z0-9_-]{1,64}$/;

/** Why `value` is not a catalogue entry, or undefined when it is one. */
export function entryProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'is not an object';
  const e = value as Record<string, unknown>;
  if (typeof e.api !== 'string' || !API.test(e.api)) return 'needs an api of 1 to 64 letters, digits, - and _ (the {service_name} of its tasks)';
  for (const field of ['alg_id', 'service_id']) if (typeof e[field] !== 'string' || !UUID_V4.test(e[field] as string)) return `needs ${field}, a UUID v4 in lower case`;
  for (const field of ['service_name', 'function_version']) if (typeof e[field] !== 'string' || e[field] === '') return `needs ${field}, a string`;
  if (e.deploy_type !== 'cloud' && e.deploy_type !== 'edge') return 'needs deploy_type cloud or edge';
  if (!['not_deployed', 'service_running', 'service_stopped', 'service_failed'].includes(e.alg_status as string)) {
    return 'needs alg_status not_deployed, service_running, service_stopped or service_failed';
  }
  if (typeof e.created_at !== 'number') return 'needs created_at, milliseconds since the epoch';
  return undefined;
}

/** The entries of a --services file (a JSON array), or an Error saying which entry is wrong and why. */
export function parseCatalogue(text: string, file: string): CatalogueEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error(`${file} must hold a JSON array of algorithm services`);
  value.forEach((entry, i) => {
    const problem = entryProblem(entry);
    if (problem) throw new Error(`${file}: entry ${i} ${problem}`);
  });
  return value as CatalogueEntry[];
}
