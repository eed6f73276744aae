/**
 * preValidation of routes whose body is optional (cancel's reason, rotate's overlap): a request without
 * a body validates as `{}`. Fastify validates an absent body against the schema too, so `type: object`
 * alone turned a plain `POST …/cancel` into a 400.
 */
export async function absentBodyIsEmpty(req: { body: unknown }): Promise<void> {
  if (req.body === undefined) req.body = {};
}
