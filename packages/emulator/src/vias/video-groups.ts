// Video source groups: named sets of video sources of one access type (cloud or edge), which
// batch configurations name. A group's counts (sources, their states, the batch configurations
// using it) are derived from what it holds, never stored. Names are unique in a project (choice:
// VIAS.00010003); a source of the other access type is refused (choice: VIAS.00010004).
import { randomUUID } from 'node:crypto';
import { timeWriters, type TimeWriter } from '../api/times.js';
import type { components } from '../generated/vias.js';
import { recordSchema, text, texts, time } from '../store/record-schema.js';
import type { CollectionSpec, Transaction, View } from '../store/store.js';
import type { BatchRecord } from './batches.js';
import { existing, type ViasContext, type ViasHandlers } from './context.js';
import type { ViasFaults } from './faults.js';
import type { VideoSourceRecord } from './video-sources.js';

type Schemas = components['schemas'];

/** No page states the group quota; the vendor's example reports 200. It is reported, not enforced. */
export const VIDEO_GROUP_QUOTA = 200;

export interface VideoGroupRecord {
  id: string;
  project_id: string;
  video_group_name: string;
  access_type: string;
  description?: string | undefined;
  video_source_ids: string[];
  created: number;
  modified: number;
}

export function videoGroupCollection(faults: ViasFaults): CollectionSpec<VideoGroupRecord> {
  return {
    name: 'video_groups',
    schema: recordSchema(['video_group_name', 'access_type', 'video_source_ids', 'created', 'modified'], {
      video_group_name: text,
      access_type: text,
      description: text,
      video_source_ids: texts,
      created: time,
      modified: time,
    }),
    unique: [{ of: (g) => g.video_group_name, taken: (g, other) => faults.nameTaken('video source group', g.video_group_name, other.id, 'video_group_name') }],
    references: [
      {
        to: 'video_sources',
        ids: (g) => g.video_source_ids,
        missing: (_, id) => faults.notFound('video source', id, 'video_source_ids'),
        inUse: (g, id) => faults.notAllowed(`Video source ${id} is in group ${g.id}.`, 'video_source_id'),
      },
    ],
  };
}

/** The group's members and the batch configurations that name it. */
function contents(view: View, group: VideoGroupRecord) {
  const sources = group.video_source_ids.flatMap((id) => view.get<VideoSourceRecord>('video_sources', group.project_id, id) ?? []);
  const batches: BatchRecord[] = [];
  for (const { collection, record } of view.referrers('video_groups', group.id)) if (collection === 'batches') batches.push(record as BatchRecord);
  return { sources, batches };
}

/** Shows groups as VideoGroup describes them (inside a video source's `video_packages` too). */
export interface GroupViews {
  (view: View, group: VideoGroupRecord): Schemas['VideoGroup'];
  /** One view per group within one read (a request): a group many sources share is computed once. */
  within(view: View): (group: VideoGroupRecord) => Schemas['VideoGroup'];
}

export function groupViews(context: Pick<ViasContext, 'generation'>): GroupViews {
  const times = timeWriters(context.generation, 'showVideoGroupDetail', ['create_at', 'modify_at'] as const);
  const show = ((view, group) => groupView(view, group, times)) as GroupViews;
  show.within = (view) => {
    const seen = new Map<string, Schemas['VideoGroup']>();
    return (group) => {
      let shown = seen.get(group.id);
      if (!shown) seen.set(group.id, (shown = groupView(view, group, times)));
      return shown;
    };
  };
  return show;
}

function groupView(view: View, group: VideoGroupRecord, times: Record<'create_at' | 'modify_at', TimeWriter>): Schemas['VideoGroup'] {
  const { sources, batches } = contents(view, group);
  const count = (level: string) => sources.filter((s) => s.level === level).length;
  return {
    video_group_id: group.id,
    video_group_name: group.video_group_name,
    ...(group.description !== undefined ? { description: group.description } : {}),
    access_type: group.access_type,
    num_video_source: sources.length,
    group_status: { num_online: count('1'), num_offline: count('2'), num_exception: count('9') },
    num_batch_task: batches.length,
    create_at: Number(times.create_at(group.created)),
    modify_at: Number(times.modify_at(group.modified)),
  };
}

/** The members of `ids`, all existing and of the group's access type, or the refusal. */
function members(tx: View, context: ViasContext, projectId: string, accessType: string, ids: readonly string[]): string[] {
  for (const id of ids) {
    const source = existing<VideoSourceRecord>(tx, context.faults, 'video_sources', projectId, id, 'video source', 'video_source_ids');
    if (source.access_type !== accessType) throw context.faults.accessTypeMismatch(id, source.access_type, accessType);
  }
  return [...new Set(ids)];
}

/** Deletes a batch configuration and its tasks (--in-use cascade, and deleteBatchTask). */
export type BatchRemover = (tx: Transaction, context: ViasContext, batch: BatchRecord) => (string | null)[];

export function videoGroupHandlers(
  context: ViasContext,
  removeBatch: BatchRemover,
): Pick<ViasHandlers, 'createVideoGroup' | 'listVideoGroups' | 'showVideoGroupDetail' | 'updateVideoGroup' | 'deleteVideoGroup'> {
  const find = (view: View, projectId: string, id: string) =>
    existing<VideoGroupRecord>(view, context.faults, 'video_groups', projectId, id, 'video source group', 'video_group_id');
  const groupView = groupViews(context);
  return {
    createVideoGroup: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const group: VideoGroupRecord = {
          id: randomUUID(),
          project_id: path.project_id,
          video_group_name: body.video_group_name,
          access_type: body.access_type,
          description: body.description,
          video_source_ids: members(tx, context, path.project_id, body.access_type, body.video_source_ids ?? []),
          created: tx.now,
          modified: tx.now,
        };
        tx.put('video_groups', group);
        return { status: 200, body: { video_group_id: group.id } };
      }),

    listVideoGroups: ({ path, query }, context) =>
      context.store.read((view) => {
        const { is_paged = false, page_num = 1, page_size = 10, order_by = 'desc', sort_name = 'create_at' } = query;
        const some = <T>(values: T[] | undefined) => values?.filter((v) => v !== ('' as T));
        const [accessTypes, types] = [some(query.access_type), some(query.type)];
        const all = [...view.list<VideoGroupRecord>('video_groups', path.project_id)].map((group) => ({ group, ...contents(view, group) }));
        const kept = all.filter(({ group, sources, batches }) => {
          if (query.name && !group.video_group_name.includes(query.name)) return false;
          // A group has a state if one of its sources has it (choice: the filter's meaning is not documented).
          if (query.status && !sources.some((s) => s.level === query.status)) return false;
          if (accessTypes?.length && !accessTypes.includes(group.access_type as never)) return false;
          // has_task=true: groups a batch configuration names; false or absent: every group (choice).
          if (query.has_task === true && batches.length === 0) return false;
          if (types?.length && !sources.some((s) => types.includes(s.type as never))) return false;
          return true;
        });
        type Row = (typeof all)[number];
        const keys: Record<string, (r: Row) => number> = {
          create_at: (r) => r.group.created,
          modify_at: (r) => r.group.modified,
          num_video_source: (r) => r.sources.length,
          num_task: (r) => r.batches.length,
        };
        const key = keys[sort_name] ?? keys.create_at!;
        kept.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
        const start = (Math.max(1, page_num) - 1) * page_size;
        const page = is_paged ? kept.slice(start, start + page_size) : kept;
        return {
          status: 200,
          body: {
            video_group_list: page.map(({ group, sources }) => {
              const { description: _, ...view_ } = groupView(view, group);
              // The group's type: its sources' types, as the type filter reads them (choice).
              return { ...view_, type: [...new Set(sources.map((s) => s.type))].join(',') };
            }),
            total_number: kept.length,
            video_group_number: all.length,
            quota_number: VIDEO_GROUP_QUOTA,
          },
        };
      }),

    showVideoGroupDetail: ({ path }, context) => context.store.read((view) => ({ status: 200, body: groupView(view, find(view, path.project_id, path.video_group_id)) })),

    // Fields left out are kept ("如不传入则不修改"); video_source_ids replaces the members.
    updateVideoGroup: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const group = find(tx, path.project_id, path.video_group_id);
        const updated: VideoGroupRecord = { ...group, modified: tx.now };
        if (body?.video_group_name !== undefined) updated.video_group_name = body.video_group_name;
        if (body?.description !== undefined) updated.description = body.description;
        if (body?.video_source_ids !== undefined) updated.video_source_ids = members(tx, context, path.project_id, group.access_type, body.video_source_ids);
        tx.put('video_groups', updated);
        // The body is undocumented (a string): true, as deleteVideoSource's example (choice).
        return { status: 200, body: true };
      }),

    deleteVideoGroup: ({ path }, context) =>
      context.store.transact((tx) => {
        const group = find(tx, path.project_id, path.video_group_id);
        const { batches } = contents(tx, group);
        if (batches.length && context.inUse === 'refuse') {
          throw context.faults.notAllowed(`Group ${group.id} is named by ${batches.length} batch configuration(s) (${batches.map((b) => b.id).join(', ')}): delete them first.`, 'video_group_id');
        }
        for (const batch of batches) removeBatch(tx, context, batch);
        tx.remove('video_groups', group.id);
        return { status: 200, body: true };
      }),
  };
}
