import type { MemoryProjectionDefinition } from '../shared/read-model';
import { evolveLinkIndex, LINK_INDEX_EVENT_TYPES } from './evolve';
import { LinkIndex } from './model';
import { decodeLinkIndex, decodeLinkIndexInSlices, encodeLinkIndex } from './snapshot';

export const LINK_INDEX = 'link-index';

/**
 * gp at a date, gp-history and patients of a list at a date, from compact in-memory columns
 * (issue 10: microsecond answers at national scale), snapshotted at a checkpoint position.
 */
export const linkIndexProjection: MemoryProjectionDefinition<LinkIndex> = {
  name: LINK_INDEX,
  version: 1,
  eventTypes: LINK_INDEX_EVENT_TYPES,
  create: () => new LinkIndex(),
  evolve: evolveLinkIndex,
  encode: encodeLinkIndex,
  decode: decodeLinkIndex,
  decodeInSlices: decodeLinkIndexInSlices,
};
