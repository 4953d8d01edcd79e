import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { DEFAULT_PAGE } from '../types/users.args';
import { CreateOrderInput } from '../types/order.input';
import { Order, OrderPage } from '../types/order.type';
import { OrdersArgs } from '../types/orders.args';
import { User } from '../types/user.type';

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => OrderPage)
  orders(@Args(() => OrdersArgs) { userId, filter, limit, nextToken }: OrdersArgs, @Ctx() { sources }: Context): Promise<OrderPage> {
    return sources.orders.page(userId, filter, limit ?? DEFAULT_PAGE, nextToken);
  }

  @Mutation(() => Order)
  createOrder(@Arg('input', () => CreateOrderInput) input: CreateOrderInput, @Ctx() { sources }: Context): Promise<Order> {
    return sources.orders.create(input);
  }

  @Mutation(() => Order)
  deleteOrder(@Arg('userId', () => ID) userId: string, @Arg('orderDate', () => String) orderDate: string, @Ctx() { sources }: Context): Promise<Order> {
    return sources.orders.remove(userId, orderDate);
  }

  /** Batched per request: the orders of one response cost one BatchGetItem per 100 users, not one GetItem each. */
  @FieldResolver(() => User, { nullable: true, description: "The order's user, loaded in batches (one BatchGetItem per request, not one GetItem per order)." })
  user(@Root() order: Order, @Ctx() { sources }: Context): Promise<User | null> {
    return sources.users.loader.load(order.userId);
  }
}
