/**
 * The bytes Tyk checks (gateway/coprocess_bundle.go, Bundle.Verify): the `file_list` files
 * concatenated in list order, no separators, manifest excluded. MD5 for the checksum; SHA-256 under
 * an RSA PKCS#1 v1.5 signature (TykTechnologies/goverify) when the gateway has `public_key_path`.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

export function signedBytes(fileList: readonly string[], fileBytes: (name: string) => Uint8Array): Buffer {
  return Buffer.concat(fileList.map((name) => fileBytes(name)));
}

export function bundleChecksum(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function signBundle(bytes: Uint8Array, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the signing key is ${key.asymmetricKeyType}, Tyk verifies RSA only`);
  return sign('sha256', bytes, key).toString('base64');
}

export function signatureMatches(bytes: Uint8Array, signatureBase64: string, publicKeyPem: string): boolean {
  return verify('sha256', bytes, createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
}
