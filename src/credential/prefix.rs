//! Token prefixes that name their issuer and what kind of credential a token is (`ghp_`,
//! `sk_live_`, `pk_test_`).

/// A token prefix that names its issuer and what kind of credential it is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TokenPrefix {
    /// The literal prefix, e.g. `ghp_`.
    pub prefix: &'static str,
    /// The provider that issues such tokens.
    pub provider: &'static str,
    /// What the token is, in words (`GitHub personal access token (classic)`).
    pub description: &'static str,
    /// What the prefix says about how it may be used.
    pub usage: TokenUsage,
}

/// What a token's prefix says about how it may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum TokenUsage {
    /// A secret key or token for server-side use.
    Secret,
    /// A key meant for browsers and apps, not for server-side API calls.
    Publishable,
    /// A secret key of a test or sandbox environment.
    TestSecret,
    /// A secret key of a live or production environment.
    LiveSecret,
    /// A refresh token: exchanged for access tokens, never sent to an API itself.
    Refresh,
}

macro_rules! prefixes {
    ($( $p:literal, $prov:literal, $desc:literal, $usage:ident; )*) => {
        /// Known token prefixes, longest first so that the most specific one wins.
        pub(crate) static TOKEN_PREFIXES: &[TokenPrefix] = &[
            $( TokenPrefix { prefix: $p, provider: $prov, description: $desc, usage: TokenUsage::$usage }, )*
        ];
    };
}

prefixes! {
    "github_pat_", "GitHub", "GitHub fine-grained personal access token", Secret;
    "sk-ant-admin", "Anthropic", "Anthropic admin API key", Secret;
    "sk-ant-oat", "Anthropic", "Anthropic OAuth access token", Secret;
    "sk-ant-api", "Anthropic", "Anthropic API key", Secret;
    "sk-proj-", "OpenAI", "OpenAI project API key", Secret;
    "sk-svcacct-", "OpenAI", "OpenAI service account key", Secret;
    "sk-admin-", "OpenAI", "OpenAI admin key", Secret;
    "sk_live_", "Stripe", "Stripe live secret key", LiveSecret;
    "sk_test_", "Stripe", "Stripe test secret key", TestSecret;
    "rk_live_", "Stripe", "Stripe live restricted key", LiveSecret;
    "rk_test_", "Stripe", "Stripe test restricted key", TestSecret;
    "pk_live_", "Stripe", "Stripe live publishable key", Publishable;
    "pk_test_", "Stripe", "Stripe test publishable key", Publishable;
    "whsec_", "Stripe", "Stripe webhook signing secret", Secret;
    "glpat-", "GitLab", "GitLab personal access token", Secret;
    "gloas-", "GitLab", "GitLab OAuth application secret", Secret;
    "glptt-", "GitLab", "GitLab pipeline trigger token", Secret;
    "glrt-", "GitLab", "GitLab runner token", Secret;
    "gldt-", "GitLab", "GitLab deploy token", Secret;
    "glcbt-", "GitLab", "GitLab CI/CD job token", Secret;
    "glft-", "GitLab", "GitLab feed token", Secret;
    "dckr_pat_", "Docker", "Docker Hub personal access token", Secret;
    "dckr_oat_", "Docker", "Docker Hub organization access token", Secret;
    "ATATT", "Atlassian", "Atlassian API token", Secret;
    "GOCSPX-", "Google", "Google OAuth client secret", Secret;
    "1//", "Google", "Google OAuth refresh token", Refresh;
    "shpat_", "Shopify", "Shopify Admin API access token", Secret;
    "shpca_", "Shopify", "Shopify custom app access token", Secret;
    "shppa_", "Shopify", "Shopify private app access token", Secret;
    "shpss_", "Shopify", "Shopify shared secret", Secret;
    "dop_v1_", "DigitalOcean", "DigitalOcean personal access token", Secret;
    "doo_v1_", "DigitalOcean", "DigitalOcean OAuth token", Secret;
    "dor_v1_", "DigitalOcean", "DigitalOcean refresh token", Refresh;
    "xoxb-", "Slack", "Slack bot token", Secret;
    "xoxp-", "Slack", "Slack user token", Secret;
    "xoxa-", "Slack", "Slack app token", Secret;
    "xapp-", "Slack", "Slack app-level token", Secret;
    "xoxe.", "Slack", "Slack refresh token", Refresh;
    "ghp_", "GitHub", "GitHub personal access token (classic)", Secret;
    "gho_", "GitHub", "GitHub OAuth access token", Secret;
    "ghu_", "GitHub", "GitHub user-to-server token", Secret;
    "ghs_", "GitHub", "GitHub App installation token", Secret;
    "ghr_", "GitHub", "GitHub refresh token", Refresh;
    "ya29.", "Google", "Google OAuth access token", Secret;
    "AIza", "Google", "Google API key", Secret;
    "AKIA", "AWS", "AWS access key id", Secret;
    "ASIA", "AWS", "AWS temporary access key id", Secret;
    "SG.", "SendGrid", "SendGrid API key", Secret;
    "ntn_", "Notion", "Notion integration token", Secret;
    "secret_", "Notion", "Notion integration token", Secret;
    "hf_", "Hugging Face", "Hugging Face access token", Secret;
    "npm_", "npm", "npm access token", Secret;
    "pypi-", "PyPI", "PyPI API token", Secret;
    "sntrys_", "Sentry", "Sentry organization auth token", Secret;
    "sntryu_", "Sentry", "Sentry user auth token", Secret;
    "HRKU-", "Heroku", "Heroku API key", Secret;
    "pat-", "HubSpot", "HubSpot private app token", Secret;
    "lin_api_", "Linear", "Linear API key", Secret;
    "sk-", "OpenAI", "OpenAI API key", Secret;
}

/// The known prefix a token starts with, if any.
pub(crate) fn token_prefix(token: &[u8]) -> Option<&'static TokenPrefix> {
    let first = *token.first()?;
    // The first byte rules out most prefixes before a full comparison.
    TOKEN_PREFIXES.iter().find(|p| {
        let prefix = p.prefix.as_bytes();
        prefix.first() == Some(&first) && token.starts_with(prefix)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_prefix_wins() {
        assert_eq!(token_prefix(b"sk-proj-abc").unwrap().provider, "OpenAI");
        assert_eq!(
            token_prefix(b"sk-ant-api03-x").unwrap().provider,
            "Anthropic"
        );
        assert_eq!(token_prefix(b"github_pat_x").unwrap().prefix, "github_pat_");
        assert_eq!(token_prefix(b"dckr_pat_x").unwrap().provider, "Docker");
        assert!(token_prefix(b"hello").is_none());
    }
}
