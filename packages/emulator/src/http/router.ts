// Routes from the description's path templates, compiled once into a tree of segments. A
// literal segment wins over a parameter at the same place (`/video-group/groups` before
// `/video-group/{video_group_id}`, whose pattern `groups` matches), falling back to the
// parameter when the literal branch does not lead to a route. Matching costs one Map lookup
// per segment: the request path is never tested against every template.

export interface RouteMatch<T> {
  route: T;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

export type Lookup<T> = { found: RouteMatch<T> } | { methods: string[] } | undefined;

interface Node<T> {
  literal: Map<string, Node<T>>;
  param?: { name: string; node: Node<T> };
  methods: Map<string, T>;
}

const node = <T>(): Node<T> => ({ literal: new Map(), methods: new Map() });

export class Router<T> {
  private readonly root = node<T>();

  /** Adds `template` (`/v2/{project_id}/tasks/{task_id}`) for `method`. */
  add(method: string, template: string, route: T): void {
    let at = this.root;
    for (const segment of template.split('/').slice(1)) {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        if (at.param && at.param.name !== param[1]) throw new Error(`${template}: {${param[1]}} where another path has {${at.param.name}}`);
        at.param ??= { name: param[1]!, node: node() };
        at = at.param.node;
      } else {
        let next = at.literal.get(segment);
        if (!next) at.literal.set(segment, (next = node()));
        at = next;
      }
    }
    if (at.methods.has(method)) throw new Error(`${method} ${template} is routed twice`);
    at.methods.set(method, route);
  }

  /**
   * The route of `method` at `pathname` (still percent-encoded), or the methods the path has
   * (a 405), or undefined (a 404). Throws URIError when a parameter is not valid percent-encoding.
   */
  lookup(method: string, pathname: string): Lookup<T> {
    const segments = pathname.split('/');
    if (segments[0] !== '') return undefined;
    const values: string[] = [];
    const names: string[] = [];
    const end = this.walk(this.root, segments, 1, values, names);
    if (!end) return undefined;
    const route = end.methods.get(method);
    if (!route) return { methods: [...end.methods.keys()] };
    const params: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) params[names[i]!] = decodeURIComponent(values[i]!);
    return { found: { route, params } };
  }

  private walk(at: Node<T>, segments: string[], i: number, values: string[], names: string[]): Node<T> | undefined {
    if (i === segments.length) return at.methods.size ? at : undefined;
    const segment = segments[i]!;
    const literal = at.literal.get(segment);
    if (literal) {
      const end = this.walk(literal, segments, i + 1, values, names);
      if (end) return end;
    }
    if (!at.param || segment === '') return undefined;
    values.push(segment);
    names.push(at.param.name);
    const end = this.walk(at.param.node, segments, i + 1, values, names);
    if (!end) {
      values.pop();
      names.pop();
    }
    return end;
  }
}
