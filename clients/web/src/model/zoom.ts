/** Below this scale the graph's labels (12 px) would be under 9 px: it scrolls instead. */
export const READABLE_SCALE = 0.75;

/**
 * The scale a new graph layout opens at: the whole graph when it fits at a readable size (never
 * above 100%), else the smallest readable scale, the rest reached by scrolling.
 */
export function openingScale(width: number, height: number, roomWidth: number, roomHeight: number): number {
  const fit = Math.min(1, roomWidth / width, roomHeight / height);
  return Math.max(READABLE_SCALE, fit);
}
