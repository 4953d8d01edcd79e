import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { FunctionArgs, FunctionsArgs, InvokeInput } from '../types/function.input';
import { FunctionPage, InvocationResult, LambdaFunction } from '../types/function.type';

@Resolver(() => LambdaFunction)
export class FunctionResolver {
  /** Lambda functions, `limit` (1-1000) at a time. */
  @Query(() => FunctionPage)
  functions(@Args(() => FunctionsArgs) args: FunctionsArgs, @Ctx() { sources }: Context): Promise<FunctionPage> {
    return sources.functions.page(args);
  }

  /** A function's configuration and this server's statistics of it; null when there is none. */
  @Query(() => LambdaFunction, { nullable: true })
  function(@Args(() => FunctionArgs) { name }: FunctionArgs, @Ctx() { sources }: Context): Promise<LambdaFunction | null> {
    return sources.functions.get(name);
  }

  /** Invokes a function with retries; a function error is success: false, not a GraphQL error. */
  @Mutation(() => InvocationResult)
  invokeFunction(@Arg('input', () => InvokeInput) input: InvokeInput, @Ctx() { sources }: Context): Promise<InvocationResult> {
    return sources.functions.invoke(input);
  }
}
