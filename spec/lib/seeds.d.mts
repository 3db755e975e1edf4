// Types of seeds.mjs: the vendor pages in seeds/.
/** Page ids such as `002_c6254b6928158c1f`, sorted. */
export declare const seedIds: string[];
/** The text of a page. */
export declare function seedText(id: string): string;
/** Every JSON object or array written in `text`, in order. */
export declare function jsonBlocks(text: string): any[];
