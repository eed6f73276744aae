import type { Json } from '../shared/index.js';

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time?: string;
  datacontenttype?: string;
  data?: Json;
  [attribute: string]: Json | undefined;
}
