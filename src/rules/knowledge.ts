import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../io/yaml-lib.js';
import { dataDir } from '../paths.js';
import { evidenceOf } from '../k8s/overlay.js';
import type { Evidence, KubeadmDefaults } from '../k8s/snapshot.js';
import type { Check, Subject } from '../model/check.js';
import { readWorkloads, type WorkloadKnowledge } from '../workloads/knowledge.js';
import type { DockerKnowledge } from '../workloads/docker.js';
import { readDockerKnowledge } from '../workloads/read-docker.js';
import { dictionary } from '../model/own.js';

export interface Fact {
  statement: string;
  evidence: Evidence[];
  from?: string;
  until?: string;
  owners?: string[];
  /** The admission plugins the fact is about. */
  plugins?: string[];
  /** The host files the fact is about, by path (every packaging's path). */
  files?: string[];
}
export interface Supersession {
  subject: Partial<Subject>;
  gate: string;
  replacement: string;
  /** The checks that carry the control's intent with the newer mechanism, and how they combine. */
  checks?: Check[];
  combine?: 'all' | 'any';
  /**
   * The newer mechanism is an alternative, not a successor: the old setting stays documented and
   * undeprecated, and this says how the two relate (they cannot be set together). The finding then
   * asks to accept either, not to replace the old one.
   */
  alternative?: string;
  evidence: Evidence[];
}
/** A deprecated setting whose intent other settings carry: the checks that replace a check on it. */
export interface Successor {
  subject: Partial<Subject>;
  statement: string;
  checks: Check[];
  evidence: Evidence[];
  /** What the successor checks break on an installer's clusters, for releases (from/until). */
  installers?: Record<string, Array<{ from?: string; until?: string; breaks: string; evidence: Evidence[] }>>;
}
/** Settings no release in the data has: removed before it starts, or another program's directives. */
export interface UnknownSettings {
  removed: Array<{ component: string; flag?: string; field?: string; removed: string; evidence: Evidence[] }>;
  directives: Array<{ program: string; where: string; names: string[]; evidence: Evidence[] }>;
}
/** One consequence with its evidence. */
export interface Consequence {
  readonly what: string;
  readonly evidence: Evidence[];
}
/**
 * What meeting a setting needs and breaks (data/knowledge.yaml `consequences`): on any cluster,
 * and per installer (`keeps` says why the installer still works, where that is known).
 */
export interface SettingConsequences {
  readonly match: { component?: string; flag?: string; field?: string; plugin?: string; value?: string };
  readonly requires: ReadonlyArray<Consequence & { kind: string }>;
  readonly breaks?: Consequence;
  readonly installers: Record<string, { requires?: Consequence; breaks?: Consequence; keeps?: Consequence }>;
}
export interface InstallerProfile {
  readonly id: string;
  readonly title: string;
  readonly facts: Record<string, Fact>;
  /** What the installer writes in this release (from the snapshot). */
  readonly defaults: KubeadmDefaults;
}
/** Tables keyed by name are prototype-free (see dictionary): look names up directly. */
export interface Knowledge {
  readonly facts: Record<string, Fact>;
  readonly supersessions: Supersession[];
  readonly successors: Successor[];
  readonly unknownSettings: UnknownSettings;
  readonly installers: Record<string, { title: string; facts: Record<string, Fact> }>;
  readonly consequences: readonly SettingConsequences[];
  /** Workload fields and the system workloads installers deploy (data/workloads.yaml). */
  readonly workloads: WorkloadKnowledge;
  /** How each CIS Docker setting stands on Kubernetes (data/docker-on-kubernetes.yaml). */
  readonly docker: DockerKnowledge;
}

interface RawFact {
  statement: string;
  evidence: string[];
  from?: string;
  until?: string;
  owners?: string[];
  plugins?: string[];
  files?: string[];
}

type RawSaid = { what: string; evidence: string[] };
interface RawConsequences {
  match: SettingConsequences['match'];
  requires?: Array<RawSaid & { kind: string }>;
  breaks?: RawSaid;
  installers?: Record<string, { requires?: RawSaid; breaks?: RawSaid; keeps?: RawSaid }>;
}

export function readKnowledge(): Knowledge {
  const raw = parse(readFileSync(join(dataDir, 'knowledge.yaml'), 'utf8')) as {
    facts: Record<string, RawFact>;
    supersessions: Array<Omit<Supersession, 'evidence'> & { evidence: string[] }>;
    successors?: Array<
      Omit<Successor, 'evidence' | 'installers'> & {
        evidence: string[];
        installers?: Record<string, Array<{ from?: string; until?: string; breaks: string; evidence: string[] }>>;
      }
    >;
    unknownSettings?: {
      removed?: Array<Omit<UnknownSettings['removed'][number], 'evidence'> & { evidence: string[] }>;
      directives?: Array<Omit<UnknownSettings['directives'][number], 'evidence'> & { evidence: string[] }>;
    };
    installers: Record<string, Record<string, RawFact | string>>;
    consequences?: RawConsequences[];
    evidence: Record<string, { kind: Evidence['kind']; url: string }>;
  };
  const named = { evidence: raw.evidence };
  const said = (c: { what: string; evidence: string[] }): Consequence => ({
    what: c.what,
    evidence: c.evidence.map((e) => evidenceOf(e, named)),
  });
  const fact = (f: RawFact): Fact => ({ ...f, evidence: f.evidence.map((e) => evidenceOf(e, named)) });
  // Without prototypes: `--installer toString` must find no installer, not Object.prototype.toString.
  return {
    workloads: readWorkloads(),
    docker: readDockerKnowledge(),
    facts: dictionary(Object.entries(raw.facts).map(([k, f]) => [k, fact(f)])),
    supersessions: raw.supersessions.map((s) => ({ ...s, evidence: s.evidence.map((e) => evidenceOf(e, named)) })),
    successors: (raw.successors ?? []).map(({ installers, ...s }) => ({
      ...s,
      evidence: s.evidence.map((e) => evidenceOf(e, named)),
      ...(installers
        ? {
            installers: Object.fromEntries(
              Object.entries(installers).map(([id, xs]) => [
                id,
                xs.map((x) => ({ ...x, evidence: x.evidence.map((e) => evidenceOf(e, named)) })),
              ]),
            ),
          }
        : {}),
    })),
    unknownSettings: {
      removed: (raw.unknownSettings?.removed ?? []).map((r) => ({
        ...r,
        evidence: r.evidence.map((e) => evidenceOf(e, named)),
      })),
      directives: (raw.unknownSettings?.directives ?? []).map((d) => ({
        ...d,
        evidence: d.evidence.map((e) => evidenceOf(e, named)),
      })),
    },
    consequences: (raw.consequences ?? []).map((c) => ({
      match: c.match,
      requires: (c.requires ?? []).map((r) => ({ kind: r.kind, ...said(r) })),
      ...(c.breaks ? { breaks: said(c.breaks) } : {}),
      installers: dictionary(
        Object.entries(c.installers ?? {}).map(([id, x]) => [
          id,
          {
            ...(x.requires ? { requires: said(x.requires) } : {}),
            ...(x.breaks ? { breaks: said(x.breaks) } : {}),
            ...(x.keeps ? { keeps: said(x.keeps) } : {}),
          },
        ]),
      ),
    })),
    installers: dictionary(
      Object.entries(raw.installers).map(([id, body]) => [
        id,
        {
          title: String(body.title ?? id),
          facts: dictionary(
            Object.entries(body)
              .filter(([k]) => k !== 'title')
              .map(([k, f]) => [k, fact(f as RawFact)]),
          ),
        },
      ]),
    ),
  };
}
