// Edge resource pools: named sets of IEF edge nodes that edge algorithms are deployed on. A new
// pool is `Running`; `Abnormal` is set through the control API. Names are unique in a project
// (choice: VIAS.00010003). A pool a deployment runs on cannot be deleted (or, with --in-use
// cascade, the deployment is stopped with it). No source describes the nodes beyond their IDs:
// each is shown as a running x86_64 node with 8 CPUs and 16 GiB (this emulator's choice).
import { randomUUID } from 'node:crypto';
import { timeWriters } from '../api/times.js';
import type { components } from '../generated/vias.js';
import { recordSchema, text, texts, time } from '../store/record-schema.js';
import type { CollectionSpec, Transaction, View } from '../store/store.js';
import { existing, type ViasContext, type ViasHandlers } from './context.js';
import type { ViasFaults } from './faults.js';
import type { DeploymentRecord } from './services.js';

type Schemas = components['schemas'];

export interface EdgePoolRecord {
  id: string;
  project_id: string;
  name: string;
  description?: string | undefined;
  ief_service_instance_id?: string | undefined;
  nodes: string[];
  state: 'Running' | 'Abnormal';
  created: number;
  updated: number;
}

export function edgePoolCollection(faults: ViasFaults): CollectionSpec<EdgePoolRecord> {
  return {
    name: 'edge_pools',
    unique: [{ of: (p) => p.name, taken: (p, other) => faults.nameTaken('edge resource pool', p.name, other.id, 'name') }],
    schema: recordSchema(['name', 'nodes', 'state', 'created', 'updated'], {
      name: text,
      description: text,
      ief_service_instance_id: text,
      nodes: texts,
      state: { enum: ['Running', 'Abnormal'] },
      created: time,
      updated: time,
    }),
  };
}

/** Stops a deployment (its pool is going): the services' module does it. */
export type DeploymentStopper = (tx: Transaction, context: ViasContext, deployment: DeploymentRecord) => void;

export function edgePoolHandlers(context: ViasContext, stopDeployment: DeploymentStopper): Pick<ViasHandlers, 'createEdgePool' | 'listEdgePools' | 'showEdgePoolInfo' | 'deleteEdgePool'> {
  const listTimes = timeWriters(context.generation, 'listEdgePools', ['created_at', 'updated_at'] as const);
  const detailTimes = timeWriters(context.generation, 'showEdgePoolInfo', ['created_at', 'updated_at'] as const);

  const item = (pool: EdgePoolRecord, times: typeof listTimes): Schemas['EdgePoolListItem'] => ({
    id: pool.id,
    name: pool.name,
    ...(pool.description !== undefined ? { description: pool.description } : {}),
    state: pool.state,
    project_id: pool.project_id,
    created_at: Number(times.created_at(pool.created)),
    updated_at: Number(times.updated_at(pool.updated)),
  });
  const find = (view: View, projectId: string, id: string) =>
    existing<EdgePoolRecord>(view, context.faults, 'edge_pools', projectId, id, 'edge resource pool', 'id');

  return {
    createEdgePool: ({ path, body }, context) =>
      context.store.transact((tx) => {
        const pool: EdgePoolRecord = {
          id: randomUUID().replace(/-/g, ''),
          project_id: path.project_id,
          name: body.name,
          description: body.description,
          ief_service_instance_id: body.ief_service_instance_id,
          nodes: [...new Set(body.nodes)],
          state: 'Running',
          created: tx.now,
          updated: tx.now,
        };
        tx.put('edge_pools', pool);
        return { status: 201, body: { id: pool.id } };
      }),

    // The newest pages page by limit/offset; the definition's is_paged/page_size/page_num still work.
    listEdgePools: ({ path, query }, context) =>
      context.store.read((view) => {
        const { order_by = 'desc', sort_name = 'created_at' } = query;
        const kept = [...view.list<EdgePoolRecord>('edge_pools', path.project_id)].filter(
          (pool) => (query.name_like === undefined || pool.name.includes(query.name_like)) && (query.state === undefined || pool.state === query.state),
        );
        const key = sort_name === 'updated_at' ? (p: EdgePoolRecord) => p.updated : (p: EdgePoolRecord) => p.created;
        kept.sort((a, b) => (order_by === 'asc' ? key(a) - key(b) : key(b) - key(a)));
        const [offset, limit] = query.is_paged
          ? [(Math.max(1, query.page_num ?? 1) - 1) * (query.page_size ?? 100), query.page_size ?? 100]
          : [query.offset ?? 0, query.limit ?? 1000];
        return { status: 200, body: { count: kept.length, edge_pools: kept.slice(offset, offset + limit).map((pool) => item(pool, listTimes)) } };
      }),

    showEdgePoolInfo: ({ path }, context) =>
      context.store.read((view) => {
        const pool = find(view, path.project_id, path.id);
        return {
          status: 200,
          body: {
            ...item(pool, detailTimes),
            nodes: pool.nodes.map((id) => ({ id, name: id, state: 'Running', arch: 'x86_64', cpu: 8, memory: 16384, enable_gpu: false, enable_npu: false })),
          },
        };
      }),

    deleteEdgePool: ({ path }, context) =>
      context.store.transact((tx) => {
        const pool = find(tx, path.project_id, path.id);
        const deployments = [...tx.referrers('edge_pools', pool.id)].map((r) => r.record as DeploymentRecord);
        if (deployments.length && context.inUse === 'refuse') {
          throw context.faults.notAllowed(`Edge pool ${pool.id} runs the deployment of algorithm ${deployments.map((d) => d.alg_id).join(', ')}: stop it first (stopDeployAlgorithm).`, 'id');
        }
        for (const deployment of deployments) stopDeployment(tx, context, deployment);
        tx.remove('edge_pools', pool.id);
        return { status: 204, body: undefined };
      }),
  };
}
