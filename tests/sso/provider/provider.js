// The OpenID Connect provider the SSO tests sign in against (tests/sso/conftest.py
// starts it): panva's certified oidc-provider with its development login form,
// where the user name typed is the account's subject. The accounts' claims are
// read from ACCOUNTS_FILE on each sign-in, so a test can set them per case.
import { generateKeyPair, exportJWK } from 'jose';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const client = JSON.parse(process.env.CLIENT);

async function signingKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: `k${Date.now()}`, use: 'sig', alg: 'RS256' };
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [await signingKey()] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    kyndig: ['employee_number', 'groups'],
  },
  // The scope's claims in the ID token itself, as Entra ID and AD FS send them.
  conformIdTokenClaims: false,
  findAccount(ctx, sub) {
    const accounts = JSON.parse(readFileSync(process.env.ACCOUNTS_FILE, 'utf8'));
    return {
      accountId: sub,
      async claims() { return { sub, ...(accounts[sub] || {}) }; },
    };
  },
  // A first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email kyndig');
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
provider.on('server_error', (ctx, err) => console.error(err));
provider.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
