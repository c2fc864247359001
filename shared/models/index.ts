export * from './activity';
export * from './capabilities';
export * from './payload';
export * from './run';
export * from './session';
export * from './span';
export * from './status';
export * from './target';
