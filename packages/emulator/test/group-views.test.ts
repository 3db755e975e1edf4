// listVideoSources shows each source's groups: a group many sources share is computed once per
// request (its members read once), and the store's referrers of a committed record cost no walk
// of the referrer's list. Counted, not timed.
import { describe, expect, it } from 'vitest';
import { generation } from '../src/api/generation.js';
import { Store, type CollectionSpec, type View } from '../src/store/store.js';
import { groupViews, type VideoGroupRecord } from '../src/vias/video-groups.js';
import { manualClock } from './helpers.js';

const N = 500;
const source = (i: number) => ({ id: `s${i}`, project_id: 'p', video_source_name: `s${i}`, access_type: 'cloud', type: 'url', type_config: '', level: '1', created: 0, modified: 0 });
const group: VideoGroupRecord = { id: 'g', project_id: 'p', video_group_name: 'g', access_type: 'cloud', video_source_ids: Array.from({ length: N }, (_, i) => `s${i}`), created: 0, modified: 0 };

describe('a group shared by many sources', () => {
  it('is shown once per request: its members are read once, not once per source', () => {
    const store = new Store([{ name: 'video_sources' }, { name: 'video_groups' }, { name: 'batches' }], manualClock(0));
    store.transact((tx) => {
      for (let i = 0; i < N; i++) tx.put('video_sources', source(i));
      tx.put('video_groups', group);
    });
    const views = groupViews({ generation: generation('vias') });
    const gets = store.read((view) => {
      let count = 0;
      const counting: View = { ...view, get: (...args) => (count++, view.get(...args)), referrers: view.referrers, now: view.now };
      const show = views.within(counting);
      for (let i = 0; i < N; i++) expect(show(group).num_video_source).toBe(N);
      return count;
    });
    expect(gets).toBe(N);
  });

  it('each of its members finds it among its referrers without the store walking the member list', () => {
    let walked = 0;
    const groups: CollectionSpec<VideoGroupRecord> = { name: 'video_groups', references: [{ to: 'video_sources', ids: (g) => (walked++, g.video_source_ids), missing: () => new Error('missing'), inUse: () => new Error('in use') }] };
    const store = new Store([{ name: 'video_sources' }, groups], manualClock(0));
    store.transact((tx) => {
      for (let i = 0; i < N; i++) tx.put('video_sources', source(i));
      tx.put('video_groups', group);
    });
    walked = 0;
    const found = store.read((view) => Array.from({ length: N }, (_, i) => [...view.referrers('video_sources', `s${i}`)].length));
    expect(found.every((n) => n === 1)).toBe(true);
    expect(walked).toBe(0);
  });
});
