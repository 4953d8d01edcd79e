import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { BatchWriteResult } from '../types/batch.type';
import { JSONObjectScalar } from '../types/common';
import { CreateTableInput } from '../types/table.input';
import { ItemPage, Table } from '../types/table.type';
import { ItemKeyArgs, PutItemArgs, PutItemsArgs, QueryItemsArgs, ScanItemsArgs, TableNameArgs } from '../types/tables.args';

/** Any DynamoDB table: the notebook's create_table, DynamoDBTable and batch_write_items. */
@Resolver()
export class TableResolver {
  @Query(() => [Table])
  tables(@Ctx() { sources }: Context) {
    return sources.tables.list();
  }

  @Query(() => Table, { nullable: true })
  table(@Args(() => TableNameArgs) { name }: TableNameArgs, @Ctx() { sources }: Context) {
    return sources.tables.get(name);
  }

  @Query(() => JSONObjectScalar, { nullable: true, description: 'The item with this key (a strongly consistent read), or null.' })
  item(@Args(() => ItemKeyArgs) { table, key }: ItemKeyArgs, @Ctx() { sources }: Context) {
    return sources.tables.getItem(table, key);
  }

  @Query(() => ItemPage, { description: 'Items of one partition, of the table or of an index, in sort-key order.' })
  queryItems(@Args(() => QueryItemsArgs) args: QueryItemsArgs, @Ctx() { sources }: Context) {
    return sources.tables.query(args);
  }

  @Query(() => ItemPage, { description: 'Reads the whole table; a filter narrows what is returned, not what is read.' })
  scanItems(@Args(() => ScanItemsArgs) args: ScanItemsArgs, @Ctx() { sources }: Context) {
    return sources.tables.scan(args);
  }

  @Mutation(() => Table, { description: 'Creates an on-demand table and waits until it is ACTIVE; CONFLICT when it exists.' })
  createTable(@Arg('input', () => CreateTableInput) input: CreateTableInput, @Ctx() { sources }: Context) {
    return sources.tables.create(input);
  }

  @Mutation(() => Boolean)
  deleteTable(@Args(() => TableNameArgs) { name }: TableNameArgs, @Ctx() { sources }: Context) {
    return sources.tables.remove(name);
  }

  @Mutation(() => JSONObjectScalar, { description: 'Creates or replaces an item; returns it as stored.' })
  putItem(@Args(() => PutItemArgs) { table, item }: PutItemArgs, @Ctx() { sources }: Context) {
    return sources.tables.putItem(table, item);
  }

  @Mutation(() => JSONObjectScalar, { nullable: true, description: 'Returns the deleted item, or null when there was none.' })
  deleteItem(@Args(() => ItemKeyArgs) { table, key }: ItemKeyArgs, @Ctx() { sources }: Context) {
    return sources.tables.deleteItem(table, key);
  }

  @Mutation(() => BatchWriteResult, { description: 'Any number of items, written 25 per BatchWriteItem; failures by position.' })
  putItems(@Args(() => PutItemsArgs) { table, items }: PutItemsArgs, @Ctx() { sources }: Context) {
    return sources.tables.putItems(table, items);
  }
}
