/** A registered workflow by namespace and name, at a version or (without one) its latest. */
export interface WorkflowRef {
  namespace: string;
  name: string;
  version?: string;
}
