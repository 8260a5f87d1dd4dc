// express 4 is installed under the npm alias `express4` without its own types; its API is the
// subset of @types/express these tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
