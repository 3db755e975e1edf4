// Video sources: named cameras, streams and files of the video centre, the recommended input of
// tasks. Names are unique in a project (VIAS.00010010); a project holds at most 5,000 (the user
// guide's default quota, VIAS.0010047). A source's state is `{ status, name, level }`: a new one
// is online (level 1, the only state any vendor source prints); offline (2) and abnormal (9) are
// set through the control API. The secrets of `type_config` (the VCN account's user name and
// password, the elements its `x-sensitive` names) are kept, and never shown: every answer masks
// them, as it masks the credentials of a URL.
import { randomUUID } from 'node:crypto';
import { MASK, maskUserinfo } from '../api/mask.js';
import { timeWriters } from '../api/times.js';
import type { Generation } from '../api/generation.js';
import type { components } from '../generated/vias.js';
import { recordSchema, text, texts, time } from '../store/record-schema.js';
import type { CollectionSpec, View } from '../store/store.js';
import type { TaskRecord } from '../tasks/model.js';
import { existing, type ViasContext, type ViasHandlers } from './context.js';
import type { ViasFaults } from './faults.js';
import { commanded } from './tasks.js';
import { groupViews, type VideoGroupRecord } from './video-groups.js';

type Schemas = components['schemas'];

export const VIDEO_SOURCE_QUOTA = 5000;

export type Level = '1' | '2' | '9';

/** The three strings of each level. Only level 1's are printed by a vendor source; 2 and 9 are this emulator's. */
export const LEVELS: Record<Level, Schemas['VideoSourceStatus']> = {
  '1': { status: 'Online', name: '在线', level: '1' },
  '2': { status: 'Offline', name: '离线', level: '2' },
  '9': { status: 'Exception', name: '异常', level: '9' },
};

export interface VideoSourceRecord {
  id: string;
  project_id: string;
  video_source_name: string;
  access_type: string;
  type: string;
  type_config: string;
  latitude?: string | undefined;
  longitude?: string | undefined;
  tag?: string[] | undefined;
  level: Level;
  created: number;
  modified: number;
}

export function videoSourceCollection(faults: ViasFaults): CollectionSpec<VideoSourceRecord> {
  return {
    name: 'video_sources',
    schema: recordSchema(['video_source_name', 'access_type', 'type', 'type_config', 'level', 'created', 'modified'], {
      video_source_name: text,
      access_type: text,
      type: text,
      type_config: text,
      latitude: text,
      longitude: text,
      tag: texts,
      level: { enum: Object.keys(LEVELS) },
      created: time,
      modified: time,
    }),
    unique: [{ of: (s) => s.video_source_name, taken: (s, other) => faults.videoSourceNameTaken(s.video_source_name, other.id) }],
  };
}

/** The XML elements `x-sensitive` names anywhere in the description: what `mask` hides. */
function sensitiveElements(generation: Generation): string[] {
  const found = new Set<string>();
  (function walk(node: unknown) {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'x-sensitive') for (const name of (value as { 'xml-elements'?: string[] })['xml-elements'] ?? []) found.add(name);
        else walk(value);
      }
    }
  })(generation.spec.bundle);
  return [...found];
}

/** Hides secrets in text the emulator shows: the sensitive XML elements, and a URL's user information. */
export function masker(generation: Generation): (text: string) => string {
  const names = sensitiveElements(generation);
  const elements = names.length ? new RegExp(`<(${names.join('|')})>[^<]*</\\1>`, 'g') : undefined;
  return (text) => maskUserinfo(elements ? text.replace(elements, `<$1>${MASK}</$1>`) : text);
}

/** The stream address in a `type_config` (the url form's `url_address`, a RESTful source's `rtsp_url`), if any. */
function streamPath(typeConfig: string): string | undefined {
  return /<(?:url_address|URL_ADDRESS|rtsp_url|RTSP_URL)>\s*([^<]*?)\s*<\//.exec(typeConfig)?.[1] || undefined;
}

/** Groups holding the source, and tasks reading it (live ones). */
function usersOf(view: View, source: VideoSourceRecord) {
  const groups: VideoGroupRecord[] = [];
  const tasks: TaskRecord[] = [];
  for (const { collection, record } of view.referrers('video_sources', source.id)) {
    if (collection === 'video_groups') groups.push(record as VideoGroupRecord);
    else if (collection === 'tasks') tasks.push(record as TaskRecord);
  }
  return { groups, tasks };
}

export function videoSourceHandlers(context: ViasContext): Pick<ViasHandlers, 'createVideoSource' | 'listVideoSources' | 'showVideoSourceDetail' | 'updateVideoSource' | 'deleteVideoSource'> {
  const mask = masker(context.generation);
  const detailTimes = timeWriters(context.generation, 'showVideoSourceDetail', ['create_at'] as const);
  const listTimes = timeWriters(context.generation, 'listVideoSources', ['create_at'] as const);

  const groupView = groupViews(context);
  /** `groups` shows a group: once per request in a list, where sources share their groups. */
  const common = (view: View, source: VideoSourceRecord, groups: (group: VideoGroupRecord) => Schemas['VideoGroup'] = (group) => groupView(view, group)) => {
    const stream = streamPath(source.type_config);
    return {
      video_source_name: source.video_source_name,
      access_type: source.access_type,
      type: source.type,
      type_config: mask(source.type_config),
      status: LEVELS[source.level],
      ...(stream ? { stream_path: mask(stream) } : {}),
      ...(source.latitude !== undefined ? { latitude: source.latitude } : {}),
      ...(source.longitude !== undefined ? { longitude: source.longitude } : {}),
      ...(source.tag ? { tag: source.tag } : {}),
      video_packages: usersOf(view, source).groups.map(groups),
    };
  };
  const detail = (view: View, source: VideoSourceRecord): Schemas['VideoSourceDetail'] => ({
    ...common(view, source),
    service_config_templates: [],
    create_at: Number(detailTimes.create_at(source.created)),
  });

  const find = (view: View, projectId: string, id: string) =>
    existing<VideoSourceRecord>(view, context.faults, 'video_sources', projectId, id, 'video source', 'video_source_id');

  return {
    createVideoSource: ({ path, body }, context) =>
      context.store.transact((tx) => {
        if (tx.sizeOf('video_sources', path.project_id) >= VIDEO_SOURCE_QUOTA) throw context.faults.videoSourceQuota(VIDEO_SOURCE_QUOTA);
        const source: VideoSourceRecord = {
          id: randomUUID(),
          project_id: path.project_id,
          video_source_name: body.video_source_name,
          access_type: body.access_type,
          type: body.type,
          type_config: body.type_config,
          latitude: body.latitude,
          longitude: body.longitude,
          tag: body.tag,
          level: '1',
          created: tx.now,
          modified: tx.now,
        };
        tx.put('video_sources', source);
        for (const groupId of new Set(body.video_group_ids ?? [])) {
          const group = tx.get<VideoGroupRecord>('video_groups', path.project_id, groupId);
          if (!group) throw context.faults.notFound('video source group', groupId, 'video_group_ids');
          if (group.access_type !== source.access_type) throw context.faults.accessTypeMismatch(source.id, source.access_type, group.access_type);
          tx.put('video_groups', { ...group, video_source_ids: [...group.video_source_ids, source.id], modified: tx.now });
        }
        return { status: 200, body: { video_source_id: source.id } };
      }),

    listVideoSources: ({ path, query }, context) =>
      context.store.read((view) => {
        const { is_paged = false, page_num = 1, page_size = 10, order_by = 'desc', sort_name = 'create_at' } = query;
        const some = <T>(values: T[] | undefined) => values?.filter((v) => v !== ('' as T));
        const [levels, types, groupIds, accessTypes] = [some(query.status), some(query.type), some(query.video_group_id), some(query.access_type)];
        const all = [...view.list<VideoSourceRecord>('video_sources', path.project_id)].map((source) => ({ source, ...usersOf(view, source) }));
        const kept = all.filter(({ source, groups }) => {
          if (query.scope && query.scope_name === 'group_name' && !groups.some((g) => g.video_group_name.includes(query.scope!))) return false;
          if (query.scope && query.scope_name !== 'group_name' && !source.video_source_name.includes(query.scope)) return false;
          if (levels?.length && !levels.includes(source.level)) return false;
          if (types?.length && !types.includes(source.type as never)) return false;
          if (groupIds?.length && !groups.some((g) => groupIds.includes(g.id))) return false;
          if (accessTypes?.length && !accessTypes.includes(source.access_type as never)) return false;
          // The emulator keeps no video platforms: a platform name matches no source (choice).
          if (query.platform_name) return false;
          if (query.tag && !(source.tag ?? []).some((t) => t.includes(query.tag!))) return false;
          return true;
        });
        const key = sort_name === 'num_task' ? (v: (typeof all)[number]) => v.tasks.length : sort_name === 'num_template' ? () => 0 : (v: (typeof all)[number]) => v.source.created;
        kept.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
        const start = (Math.max(1, page_num) - 1) * page_size;
        const page = is_paged ? kept.slice(start, start + page_size) : kept;
        const groups = groupView.within(view);
        return {
          status: 200,
          body: {
            video_source_list: page.map(({ source, tasks }) => ({
              video_source_id: source.id,
              ...common(view, source, groups),
              num_tasks: tasks.length,
              num_service_config_templates: 0,
              create_at: Number(listTimes.create_at(source.created)),
            })),
            total_number: kept.length,
            video_source_number: all.length,
            quota_number: VIDEO_SOURCE_QUOTA,
          },
        };
      }),

    showVideoSourceDetail: ({ path }, context) => context.store.read((view) => ({ status: 200, body: detail(view, find(view, path.project_id, path.video_source_id)) })),

    // Only the name, the configuration, the position and the tags change: not the type, the
    // access type or the groups (UpdateVideoSourceDto has no such fields).
    updateVideoSource: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const source = find(tx, path.project_id, path.video_source_id);
        const updated: VideoSourceRecord = { ...source, video_source_name: body.video_source_name, modified: tx.now };
        if (body.type_config !== undefined) updated.type_config = body.type_config;
        if (body.latitude !== undefined) updated.latitude = body.latitude;
        if (body.longitude !== undefined) updated.longitude = body.longitude;
        if (body.tag !== undefined) updated.tag = body.tag;
        tx.put('video_sources', updated);
        return { status: 200, body: detail(tx, updated) };
      }),

    // A source in use by tasks is refused (or, with --in-use cascade, its tasks are deleted too);
    // groups simply lose it.
    deleteVideoSource: ({ path }, context) =>
      context.store.transact((tx) => {
        const source = find(tx, path.project_id, path.video_source_id);
        const { groups, tasks } = usersOf(tx, source);
        if (tasks.length && context.inUse === 'refuse') {
          throw context.faults.notAllowed(`Video source ${source.id} is read by ${tasks.length} task(s) (${tasks.map((t) => t.id).join(', ')}): delete or update them first.`, 'video_source_id');
        }
        for (const task of tasks) tx.put('tasks', commanded(context, task, 'delete', tx.now));
        for (const group of groups) tx.put('video_groups', { ...group, video_source_ids: group.video_source_ids.filter((id) => id !== source.id), modified: tx.now });
        tx.remove('video_sources', source.id);
        // The vendor's example answer: the JSON literal true.
        return { status: 200, body: true };
      }),
  };
}
