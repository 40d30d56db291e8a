import { BEGIN_REASONS } from '@flr/domain';

export const SEXES = ['male', 'female'];
export const ENTITLEMENTS = ['asylum-seeker', 'nato', 'diplomatic'];
export const LIST_STATUSES = ['open', 'closed', 'locked'];
export const RELATIONSHIPS = ['LPFL', 'LPVI'];
export const BEGIN_REASON_CODES: string[] = [...BEGIN_REASONS];
