/**
 * The functions API's shapes: the contract's (src/contracts/api), named as these pages use them.
 */
import type { AliasView, FunctionDetail as ContractDetail, DraftInvocationView, FunctionView, InvocationView, ManifestView } from '../../../../src/contracts/index.js';

export type FunctionAlias = AliasView;
export type AliasRoute = AliasView['routes'][number];
export type { FunctionSummary } from '../../../../src/contracts/index.js';
export type Manifest = ManifestView;
export type FunctionVersionView = FunctionView;
export type FunctionDetail = ContractDetail;
/** One invocation (`GET /api/v1/functions/:name/logs`, newest first). */
export type Invocation = InvocationView;
/** A draft run's answer (`POST /api/v1/functions/:name/draft-invocations`): output and record, nothing stored. */
export type DraftRun = DraftInvocationView;
/** What a draft run sends besides its input: the deploy body of the editor's code and the manifest form. */
export type DraftSource = { manifest: Manifest } & ({ files: Record<string, string>; entry: string } | { source: string });

/** Function and alias names, as the server's manifest schema takes them. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
