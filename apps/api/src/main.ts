import { x } from '@radio402/payments';
import { y } from './y.js';
console.log(x, y);
