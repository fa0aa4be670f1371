// Pieces shared by the GraphQL resolvers: GitHub's way of reporting a refusal, and actors.
import { GraphQLError } from 'graphql';
import type { ApiContext } from './http.js';

/** A rule refusal, reported the way GitHub reports it (`type` beside `message`). */
export class RuleError extends GraphQLError {
  constructor(type: string, message: string) {
    super(message, { extensions: { type } });
  }
}

export function actorObject(context: ApiContext, login: string) {
  const account = context.world.requireAccount(login);
  return { __typename: account.type === 'Bot' ? 'Bot' : 'User', login: account.login, url: `${context.urls.web}/${account.login}` };
}
