// Placeholder until the describe printer lands (being written now).
import type { KubeObject } from '../../store/types.ts';
export type DescribeEvent = { type: string | null; reason: string | null; message: string | null; source: string | null; firstAt: number | null; lastAt: number; count: number };
export function describePod(pod: KubeObject, _events: DescribeEvent[], _now: number): string {
  return `${JSON.stringify(pod.metadata?.name)}\n`;
}
