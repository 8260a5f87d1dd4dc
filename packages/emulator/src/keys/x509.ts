// @peculiar/x509 pulls in tsyringe, which throws at import time unless the Reflect metadata
// polyfill is already installed. ES modules evaluate their imports in source order, so this
// import must stay first, and every other file reaches @peculiar/x509 only through this one.
import 'reflect-metadata';

export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
