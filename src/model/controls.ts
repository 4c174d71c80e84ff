import type { Benchmark, Control, Section } from './benchmark.js';

/** A control with the section it sits in: what rules and diffs iterate over. */
export interface PlacedControl {
  readonly control: Control;
  readonly section: Section;
}

export function controlsOf(b: Benchmark): PlacedControl[] {
  return b.sections.flatMap((section) => section.controls.map((control) => ({ control, section })));
}
