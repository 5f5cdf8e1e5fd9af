import type { VariantName } from '../results';

/** The two variants compared, in the order of an even pair (see `abbaOrder` in statistics.ts). */
export const VARIANT_NAMES: readonly [VariantName, VariantName] = ['construct', 'hand-built'];
