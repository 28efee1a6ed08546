export * from './price.rules';
export * from './buyer-access.policy';
export * from './credit-purchase.commands';
export * from './credit-purchase.events';
export * from './credit-purchase.rejections';
export * from './credit-purchase.state';
export * from './credit-purchase.decider';
export * from './reports.rules';
