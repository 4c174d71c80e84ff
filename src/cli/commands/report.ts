// report: a static site with the matrix as a heatmap, findings, lineage and proposals.
import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerReport(program: Command, io: Io): void {
  void program;
  void io;
}
