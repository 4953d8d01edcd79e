import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BatchWriteResult } from '../types/batch.type';
import { OrderPage } from '../types/order.type';
import { UserOrdersArgs } from '../types/orders.args';
import { CreateUserInput, UpdateUserInput } from '../types/user.input';
import { User, UserPage } from '../types/user.type';
import { DEFAULT_PAGE, UsersArgs, UsersByIdArgs } from '../types/users.args';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true })
  user(@Arg('userId', () => ID) userId: string, @Ctx() { sources }: Context): Promise<User | null> {
    return sources.users.get(userId);
  }

  @Query(() => User, { nullable: true })
  userByEmail(@Arg('email', () => String) email: string, @Ctx() { sources }: Context): Promise<User | null> {
    return sources.users.findByEmail(email);
  }

  @Query(() => [User], { nullable: 'items', description: 'Up to 100 users in one BatchGetItem, in the order asked; null where there is none.' })
  usersById(@Args(() => UsersByIdArgs) { userIds }: UsersByIdArgs, @Ctx() { sources }: Context): Promise<Array<User | null>> {
    return sources.users.getMany(userIds);
  }

  @Query(() => UserPage)
  users(@Args(() => UsersArgs) { filter, limit, nextToken }: UsersArgs, @Ctx() { sources }: Context): Promise<UserPage> {
    return sources.users.page(filter, limit ?? DEFAULT_PAGE, nextToken);
  }

  @Mutation(() => User)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() { sources }: Context): Promise<User> {
    return sources.users.create(input);
  }

  @Mutation(() => User)
  updateUser(@Arg('userId', () => ID) userId: string, @Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() { sources }: Context): Promise<User> {
    return sources.users.update(userId, input);
  }

  @Mutation(() => User, { description: 'Returns the deleted user; NOT_FOUND when there was none.' })
  deleteUser(@Arg('userId', () => ID) userId: string, @Ctx() { sources }: Context): Promise<User> {
    return sources.users.remove(userId);
  }

  /** Entries are validated one by one (an invalid one is a failure by index), so the list itself is not validated up front. */
  @Mutation(() => BatchWriteResult)
  createUsers(@Arg('input', () => [CreateUserInput], { validate: false }) input: CreateUserInput[], @Ctx() { sources }: Context): Promise<BatchWriteResult> {
    return sources.users.createMany(input);
  }

  @FieldResolver(() => OrderPage)
  orders(@Root() user: User, @Args(() => UserOrdersArgs) { filter, limit, nextToken }: UserOrdersArgs, @Ctx() { sources }: Context): Promise<OrderPage> {
    return sources.orders.page(user.userId, filter, limit ?? DEFAULT_PAGE, nextToken);
  }
}
