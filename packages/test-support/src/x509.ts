// tsyringe (a dependency of @peculiar/x509) throws on import without the Reflect metadata
// polyfill; ES modules evaluate imports in source order, so keep this line first.
import 'reflect-metadata';

/**
 * The only entry point to @peculiar/x509 in this package, so that the polyfill is always in
 * place before the library is loaded.
 */
export {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  AuthorityKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
export type { X509Certificate } from '@peculiar/x509';
