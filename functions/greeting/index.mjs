// The notebook's Python greeting handler (functions/greeting-python), ported to Node:
// the same input ({ name }), the same output ({ statusCode: 200, body: JSON text of { message, input } }).
export const handler = async (event) => {
  // Python's event.get('name', 'World'): the default only when the key is absent.
  const name = Object.hasOwn(event, 'name') ? event.name : 'World';
  return {
    statusCode: 200,
    body: JSON.stringify({
      message: `Hello, ${name}!`,
      input: event,
    }),
  };
};
