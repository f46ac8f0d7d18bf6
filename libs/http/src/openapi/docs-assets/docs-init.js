// Swagger UI over this tier's own document; everything it loads comes from this server. The URL is
// built from location.origin because fetch refuses URLs that carry credentials (user:token@host).
window.addEventListener('load', () => {
  SwaggerUIBundle({
    url: `${window.location.origin}/openapi.json`,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: 'none',
  });
});
