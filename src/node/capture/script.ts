import type { WatchList } from './watch.js';
export function captureScript(_w: WatchList): string {
  return '';
}
export function captureManifest(_s: string, _o: { image: string; namespace: string }): string {
  return '';
}
