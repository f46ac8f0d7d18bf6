import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { type JobProducer, QUEUES } from '@alphapulse/queue';
import type { Router } from 'express';

export const BULL_BOARD_PATH = '/admin/queues';

/** The Bull Board dashboard over every AlphaPulse queue (mount it behind auth). */
export function createBullBoardRouter(producer: JobProducer): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((q) => new BullMQAdapter(producer.queue(q), { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'AlphaPulse queues' } },
  });
  return serverAdapter.getRouter() as Router;
}
