// Returns the event it was given and what its context and environment say, so a caller can see
// exactly what the runtime handed to the handler.
exports.handler = async (event, context) => ({
  event,
  context: {
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    awsRequestId: context.awsRequestId,
    logGroupName: context.logGroupName,
    remainingTimeInMillis: context.getRemainingTimeInMillis(),
  },
  env: {
    AWS_REGION: process.env.AWS_REGION,
    AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    GREETING: process.env.GREETING,
  },
});
