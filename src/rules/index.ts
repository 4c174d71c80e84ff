// The rule registry: one rule per file, listed here; a test checks files, registry and docs agree.
import { anonymousAuthHealthProbes } from './anonymous-auth-health-probes.js';
import { configFileBlind } from './config-file-blind.js';
import { defaultSatisfies } from './default-satisfies.js';
import { deprecatedSetting } from './deprecated-setting.js';
import { dockerDockershim } from './docker-dockershim.js';
import { dockerNotApplicable } from './docker-not-applicable.js';
import { dockerSuperseded } from './docker-superseded.js';
import { etcdOwnerUser } from './etcd-owner-user.js';
import { hostNetworkControlPlane } from './host-network-control-plane.js';
import { installerFileElsewhere } from './installer-file-elsewhere.js';
import { installerFileMode } from './installer-file-mode.js';
import { installerNotDefault } from './installer-not-default.js';
import { kubeletServingCa } from './kubelet-serving-ca.js';
import { obsoleteInsecureState } from './obsolete-insecure-state.js';
import { removedSetting } from './removed-setting.js';
import { servingCertRotationApprover } from './serving-cert-rotation-approver.js';
import { supersededMechanism } from './superseded-mechanism.js';
import { systemWorkloads } from './system-workloads.js';
import { tlsCertVsBootstrap } from './tls-cert-vs-bootstrap.js';
import { unknownSetting } from './unknown-setting.js';
import type { Rule } from './types.js';

export const rules: readonly Rule[] = [
  anonymousAuthHealthProbes,
  configFileBlind,
  defaultSatisfies,
  deprecatedSetting,
  dockerDockershim,
  dockerNotApplicable,
  dockerSuperseded,
  etcdOwnerUser,
  hostNetworkControlPlane,
  installerFileElsewhere,
  installerFileMode,
  installerNotDefault,
  kubeletServingCa,
  obsoleteInsecureState,
  removedSetting,
  servingCertRotationApprover,
  supersededMechanism,
  systemWorkloads,
  tlsCertVsBootstrap,
  unknownSetting,
];
