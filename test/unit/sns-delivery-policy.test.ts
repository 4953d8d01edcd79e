import { DEFAULT_RETRY_POLICY, effectiveTopicPolicy, httpDeliveryPolicy, retryDelays, validateTopicDeliveryPolicy } from '../../src/local/sns/delivery-policy';

describe('SNS delivery policy', () => {
  it("follows AWS's default: three retries 20 s apart", () => {
    expect(retryDelays(DEFAULT_RETRY_POLICY)).toEqual([20_000, 20_000, 20_000]);
  });

  it('orders the phases: immediate, minimum delay, backoff, maximum delay', () => {
    const delays = retryDelays({ minDelayTarget: 1, maxDelayTarget: 9, numRetries: 7, numNoDelayRetries: 2, numMinDelayRetries: 1, numMaxDelayRetries: 1, backoffFunction: 'linear' });
    expect(delays).toEqual([0, 0, 1000, 3667, 6333, 9000, 9000]);
  });

  it.each([
    // doubling steps from the minimum to the maximum
    ['exponential', [1231, 1694, 2620, 4471, 8173, 15576, 30384, 60000]],
    // a constant ratio (60^(1/8)) from the minimum to the maximum
    ['geometric', [1668, 2783, 4643, 7746, 12922, 21558, 35965, 60000]],
    // steps that grow by the same amount each time
    ['arithmetic', [2639, 5917, 10833, 17389, 25583, 35417, 46889, 60000]],
  ] as const)('grows %s between the delays', (backoffFunction, expected) => {
    const delays = retryDelays({ minDelayTarget: 1, maxDelayTarget: 60, numRetries: 8, numNoDelayRetries: 0, numMinDelayRetries: 0, numMaxDelayRetries: 0, backoffFunction });
    expect(delays).toEqual(expected);
  });

  it('lets a subscription override the topic unless the topic forbids it', () => {
    const topic = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 2, maxDelayTarget: 4 }, defaultRequestPolicy: { headerContentType: 'application/json' } } });
    const sub = JSON.stringify({ healthyRetryPolicy: { numRetries: 1, minDelayTarget: 1, maxDelayTarget: 1 } });
    expect(httpDeliveryPolicy(topic, sub)).toMatchObject({ retry: { numRetries: 1 }, contentType: 'application/json' });
    const locked = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 2, maxDelayTarget: 4 }, disableSubscriptionOverrides: true } });
    expect(httpDeliveryPolicy(locked, sub)).toMatchObject({ retry: { numRetries: 5 }, contentType: 'text/plain; charset=UTF-8' });
    expect(JSON.parse(effectiveTopicPolicy(locked)).http.disableSubscriptionOverrides).toBe(true);
  });

  it.each([
    ['{', 'Invalid parameter: DeliveryPolicy: failed to parse JSON.'],
    ['{"http":{"defaultHealthyRetryPolicy":{"numRetries":101}}}', 'Invalid parameter: DeliveryPolicy: numRetries must be at most 100'],
    ['{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":20}}}', 'Invalid parameter: DeliveryPolicy: minDelayTarget must be between 1 and maxDelayTarget'],
    ['{"http":{"defaultHealthyRetryPolicy":{"backoffFunction":"random"}}}', 'Invalid parameter: DeliveryPolicy: backoffFunction must be one of linear, arithmetic, geometric, exponential'],
    ['{"http":{"defaultRequestPolicy":{"headerContentType":"image/png"}}}', 'Invalid parameter: DeliveryPolicy: headerContentType must be one of text/plain, application/json, application/xml'],
  ])('refuses %s', (text, message) => {
    expect(() => validateTopicDeliveryPolicy(text)).toThrow(message);
  });
});
