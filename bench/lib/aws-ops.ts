import { GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../src/aws/clients';

/** The calls S11 times on each backend. */
export type OpName = 'sqs' | 'invoke' | 'getFunction';

export const BENCH_FUNCTION = 'bench-echo';

/** One operation: an SQS round trip on the caller's queue (send, receive until it is there, delete), an Invoke or a GetFunction. */
export async function runOp(op: OpName, clients: AwsClients, queueUrl: string): Promise<void> {
  switch (op) {
    case 'sqs': {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"bench":true,"n":1}' }));
      for (;;) {
        const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0 }));
        const message = out.Messages?.[0];
        if (!message) continue;
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        return;
      }
    }
    case 'invoke': {
      const out = await clients.lambda.send(new InvokeCommand({ FunctionName: BENCH_FUNCTION, Payload: Buffer.from('{"bench":true}') }));
      if (out.StatusCode !== 200 || out.FunctionError) throw new Error(`Invoke answered ${out.StatusCode} ${out.FunctionError ?? ''}`);
      return;
    }
    case 'getFunction':
      await clients.lambda.send(new GetFunctionCommand({ FunctionName: BENCH_FUNCTION }));
      return;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${String(never)}`);
    }
  }
}

/** Runs `op` from one caller per queue URL until `seconds` have passed; resolves with the operations done. */
export async function callLoop(op: OpName, clients: AwsClients, queueUrls: readonly string[], seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    queueUrls.map(async (url) => {
      while (performance.now() < until) {
        await runOp(op, clients, url);
        done++;
      }
    }),
  );
  return done;
}
