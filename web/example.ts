/** The seed's example (DeAR's published Edison query): what the first visit can run without typing anything, and a fixture case. */
export const EXAMPLE: { query: string; passages: string[] } = {
  query: 'When did Thomas Edison invent the light bulb?',
  passages: [
    'Lightning strike at Seoul National University',
    'Thomas Edison tried to invent a device for car but failed',
    'Coffee is good for diet',
    'KEPCO fixes light problems',
    'Thomas Edison invented the light bulb in 1879',
  ],
};
