import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Apollo plugin: a subscription sent by HTTP POST is a 400 BAD_REQUEST that says where subscriptions
 * are served. Left to Apollo, it runs as a query, fails inside execution, and answers 200
 * INTERNAL_SERVER_ERROR with a stack in the error log at every request. (GET is Apollo's own
 * 405 BAD_REQUEST, which it answers before any plugin runs.)
 */
export function subscriptionsOverWebSocketPlugin(path: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(`Subscriptions are served over WebSocket (graphql-ws protocol) at ${path}, not over HTTP`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        },
      };
    },
  };
}
