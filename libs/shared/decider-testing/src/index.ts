export { deciderSpec, type DeciderOf, type Then } from './decider-spec';
