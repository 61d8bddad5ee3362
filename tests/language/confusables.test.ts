/**
 * The pairs franc confuses (Sorani and Persian, Pashto and Persian, Tigrinya and Amharic,
 * Kurmanji and Turkish), on short everyday posts written for this test, in both directions of
 * each pair. The known misses are listed apart, with the current answer and why: fixing one makes
 * its test fail, so it moves to the table.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/language/index.js';

const PAIRS: Record<string, [string, string][]> = {
  'ckb / pes': [
    ['ckb', 'ئەمڕۆ کەشوهەوا زۆر خۆشە، دەچینە پارک'],
    ['ckb', 'سوپاس بۆ یارمەتییەکەت، بەیانی دەتبینم'],
    ['ckb', 'کەس دەزانێت دوکانەکە کەی دەکرێتەوە؟'],
    ['ckb', 'منداڵەکان لە قوتابخانەن و من لە ماڵەوەم'],
    ['ckb', 'ئێوارە وەرن بۆ ماڵی ئێمە، چا هەیە'],
    ['ckb', 'کەس لەم گەڕەکە خانووی بەکرێ دەناسێت؟'],
    ['pes', 'امروز هوا خیلی خوب است، می‌رویم پارک'],
    ['pes', 'ممنون از کمکت، فردا می‌بینمت'],
    ['pes', 'کسی می‌داند مغازه کی باز می‌شود؟'],
    ['pes', 'بچه‌ها مدرسه هستند و من خانه‌ام'],
    ['pes', 'عصر بیایید خانه ما، چای داریم'],
    ['pes', 'کسی در این محله خانه اجاره‌ای می‌شناسد؟'],
  ],
  'pbu / pes': [
    ['pbu', 'نن ورځ هوا ډېره ښه ده، پارک ته ځو'],
    ['pbu', 'څوک پوهېږي چې دوکان کله خلاصېږي؟'],
    ['pbu', 'ماشومان په ښوونځي کې دي او زه په کور کې یم'],
    ['pbu', 'زه نن ښار ته ځم، څه شی درته راوړم؟'],
    ['pbu', 'زموږ کلي کې نن واده دی، ټول راشئ'],
    ['pbu', 'د سبا لپاره ښه موسم دی، بازار ته ځو'],
    ['pes', 'سلام دوستان، کسی یک آپارتمان ارزان در تهران سراغ دارد؟'],
    ['pes', 'امروز هوا خیلی خوب است، می‌رویم پارک'],
    ['pes', 'بچه‌ها مدرسه هستند و من خانه‌ام'],
  ],
  'tir / amh': [
    ['tir', 'ሎሚ ኣየር ጽቡቕ እዩ፣ ናብ መናፈሻ ንኸይድ'],
    ['tir', 'እቲ ድኳን መዓስ ይኽፈት ዝፈልጥ ኣሎ ድዩ?'],
    ['tir', 'ቆልዑ ኣብ ቤት ትምህርቲ ኣለዉ፣ ኣነ ኣብ ገዛ ኣለኹ'],
    ['tir', 'ሎሚ ምሸት ናብ ገዛና ምጹ፣ ቡን ኣሎ'],
    ['tir', 'ኣብዚ ከባቢ ገዛ ክራይ ዝፈልጥ ኣሎ ድዩ?'],
    ['amh', 'ዛሬ አየሩ ጥሩ ነው፣ ወደ መናፈሻ እንሂድ'],
    ['amh', 'ስለረዱኝ አመሰግናለሁ፣ ነገ እንገናኛለን'],
    ['amh', 'ሱቁ መቼ እንደሚከፈት የሚያውቅ አለ?'],
    ['amh', 'ልጆቹ ትምህርት ቤት ናቸው፣ እኔ ቤት ውስጥ ነኝ'],
    ['amh', 'ዛሬ ማታ ወደ ቤታችን ኑ፣ ቡና አለ'],
    ['amh', 'በዚህ አካባቢ የሚከራይ ቤት የሚያውቅ አለ?'],
  ],
  'kmr / tur': [
    ['kmr', 'Îro hewa pir xweş e, em ê herin parkê'],
    ['kmr', 'Spas ji bo alîkariya te, sibê ez ê te bibînim'],
    ['kmr', 'Kes dizane dikan kengî vedibe?'],
    ['kmr', 'Zarok li dibistanê ne û ez li malê me'],
    ['kmr', 'Ez diçim bazarê, tu tiştekî dixwazî?'],
    ['kmr', 'Êvarê werin mala me, çay heye'],
    ['tur', 'Yardımın için teşekkürler, yarın görüşürüz'],
    ['tur', 'Dükkanın ne zaman açıldığını bilen var mı?'],
    ['tur', 'Akşam yemeğine kimler geliyor? Ben tatlı getiririm'],
    ['tur', 'Otobüs bugün yine geç kaldı, işe yürüyerek gittim'],
    ['tur', 'Kiralık daire arıyorum, iki oda bir salon olsun'],
    ['tur', 'Annemin doğum günü yarın, hediye için fikriniz var mı?'],
    ['tur', 'Akşam bize gelin, çay var'],
  ],
};

describe.each(Object.entries(PAIRS))('%s', (_pair, posts) => {
  it.each(posts)('%s: %s', (code, text) => {
    expect(detectLanguage(text).code).toBe(code);
  });
});

describe('known misses (written for this test; each fails once fixed, and then joins its pair above)', () => {
  it.each([
    // Its one Pashto letter, ې, is not among the letters only Pashto uses; franc says Persian.
    ['pbu', 'pes', 'ستا د مرستې مننه، سبا به دې ووینم'],
    // የቐንየለይ ("thank you") starts with የ, counted as the Amharic genitive prefix.
    ['tir', 'amh', 'ስለ ሓገዝካ የቐንየለይ፣ ጽባሕ ክርእየካ እየ'],
    // Short Turkish with neither ı nor ğ is left to franc alone.
    ['tur', 'som', 'Bugün hava çok güzel, parka gidiyoruz'],
    ['tur', 'spa', 'Çocuklar okulda, ben de evdeyim'],
  ])('%s read as %s: %s', (_right, now, text) => {
    expect(detectLanguage(text).code).toBe(now);
  });
});
