//! Provider profiles: who issued a token (by prefix) and whom a request talks to (by host).

/// A token prefix that names its issuer and what kind of credential it is.
#[derive(Debug, PartialEq, Eq)]
pub struct TokenPrefix {
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
pub enum TokenUsage {
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
    TOKEN_PREFIXES
        .iter()
        .find(|p| token.starts_with(p.prefix.as_bytes()))
}

/// The provider a host belongs to, judged by its name.
pub(crate) fn provider_for_host(host: &str) -> Option<&'static str> {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    HOSTS
        .iter()
        .find(|(suffix, _)| h == *suffix || h.ends_with(&format!(".{suffix}")))
        .map(|(_, p)| *p)
}

static HOSTS: &[(&str, &str)] = &[
    ("github.com", "GitHub"),
    ("githubusercontent.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("stripe.com", "Stripe"),
    ("openai.com", "OpenAI"),
    ("anthropic.com", "Anthropic"),
    ("googleapis.com", "Google"),
    ("google.com", "Google"),
    ("amazonaws.com", "AWS"),
    ("azure.com", "Azure"),
    ("microsoft.com", "Azure"),
    ("windows.net", "Azure"),
    ("graph.microsoft.com", "Azure"),
    ("slack.com", "Slack"),
    ("twilio.com", "Twilio"),
    ("myshopify.com", "Shopify"),
    ("shopify.com", "Shopify"),
    ("cloudflare.com", "Cloudflare"),
    ("atlassian.net", "Atlassian"),
    ("atlassian.com", "Atlassian"),
    ("salesforce.com", "Salesforce"),
    ("docker.io", "Docker"),
    ("okta.com", "Okta"),
    ("auth0.com", "Auth0"),
    ("discord.com", "Discord"),
    ("discordapp.com", "Discord"),
    ("sendgrid.com", "SendGrid"),
    ("hubapi.com", "HubSpot"),
    ("notion.com", "Notion"),
    ("digitalocean.com", "DigitalOcean"),
    ("datadoghq.com", "Datadog"),
    ("datadoghq.eu", "Datadog"),
    ("sentry.io", "Sentry"),
    ("heroku.com", "Heroku"),
    ("mailgun.net", "Mailgun"),
    ("twitter.com", "X"),
    ("x.com", "X"),
];

/// Provider-specific rules: the provider's own error codes, messages and headers.
pub(crate) fn diagnose(_ctx: &crate::diagnose::Context<'_>) -> Option<crate::diagnose::Diagnosis> {
    None
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
        assert!(token_prefix(b"hello").is_none());
    }

    #[test]
    fn hosts() {
        assert_eq!(provider_for_host("api.github.com"), Some("GitHub"));
        assert_eq!(provider_for_host("notgithub.com"), None);
        assert_eq!(provider_for_host("my-bucket.s3.amazonaws.com"), Some("AWS"));
    }
}
