// Vite's `?raw` imports: the file's text as a string (the emulator's phone stylesheet).
declare module "*.css?raw" {
  const text: string;
  export default text;
}
