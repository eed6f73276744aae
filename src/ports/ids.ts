export interface Ids {
  newId(): string;
}
