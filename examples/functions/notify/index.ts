// Reacts to OrderPlaced (see ../../notify-on-order.subscription.yaml): a real one would send an email
// through ctx.fetch to a mail API listed in its manifest's `egress`; the demo logs the message.
interface OrderPlaced {
  type: string;
  data: { orderId: string; total: number; currency: string };
}

export default async function (event: OrderPlaced, ctx: { log: { info(msg: string, fields?: unknown): void } }) {
  const message = `Order ${event.data.orderId} placed: ${event.data.total} ${event.data.currency}`;
  ctx.log.info(message);
  return { sent: true, message };
}
