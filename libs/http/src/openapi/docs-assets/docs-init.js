// Swagger UI over this tier's own document; everything it loads comes from this server.
window.addEventListener('load', () => {
  SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: 'none' });
});
