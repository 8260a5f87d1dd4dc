// The conformance suite against the reference app (node:http + core): proves the suite passes
// on a correct implementation of the contract, independently of the real adapters.
import { describeAdapterConformance } from '../packages/test-support/src/conformance/index.js';
import { referenceConformanceApp } from './reference-app.js';

describeAdapterConformance('reference (node:http + core)', referenceConformanceApp);
