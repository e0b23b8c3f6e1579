import { generateKeyPairSync } from "node:crypto";

let sharedKeys: { publicKey: string; privateKey: string } | undefined;

/** One RSA key pair per process keeps start-up fast across many tests. */
export function keyPair(): { publicKey: string; privateKey: string } {
  sharedKeys ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return sharedKeys;
}

/** The main app's keys: the public key given (no private key then), or the shared pair. */
export function appKeys(publicKey: string | undefined): { publicKey: string; privateKey: string | null } {
  if (publicKey) return { publicKey, privateKey: null };
  const pair = keyPair();
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}
