// webpack 5 with no loader or asset configuration: the library must build as it is.
export default { mode: 'production', entry: './main.js', output: { clean: true } };
