/**
 * The taxonomy's rule, per language: contact_handoff and payment_terms are supporting signals, so a
 * post with a phone, a price or an ordinary paid service and nothing of a core label is `allow`,
 * with the rules alone and with the default pipeline (the shipped model). So is junk with no words.
 */
import { describe, expect, it } from 'vitest';
import { createScanner, type Language } from '../../src/index.js';

/** Per language: contact only, payment only, and a plain paid service with a contact. */
const POSTS: Record<Language, [string, string, string]> = {
  eng: ['Message me on WhatsApp +44 7700 900123', '£40 cash or bank transfer, half up front', 'Plumber available this week, boilers and leaks, £60 call-out, WhatsApp +44 7700 900123'],
  fra: ['Écrivez-moi sur WhatsApp au +33 6 39 98 12 34', '50 € en espèces ou par virement', 'Plombier disponible cette semaine, fuites et chauffe-eau, 60 € le déplacement, WhatsApp +33 6 39 98 12 34'],
  ita: ['Scrivetemi su WhatsApp +39 333 555 1234', '50 euro in contanti o bonifico', 'Idraulico disponibile questa settimana, perdite e caldaie, 60 euro l’uscita, WhatsApp +39 333 555 1234'],
  spa: ['Escríbeme por WhatsApp al +34 655 551 234', '50 euros en efectivo o transferencia', 'Fontanero disponible esta semana, fugas y calentadores, 60 euros la visita, WhatsApp +34 655 551 234'],
  deu: ['Schreib mir auf WhatsApp +49 151 5551234', '50 Euro bar oder per Überweisung', 'Klempner diese Woche frei, Rohrbruch und Boiler, 60 Euro Anfahrt, WhatsApp +49 151 5551234'],
  tur: ['WhatsApp’tan yazın +90 555 123 4567', '500 TL nakit veya havale', 'Tesisatçı bu hafta müsait, kaçak ve kombi tamiri, servis 500 TL, WhatsApp +90 555 123 4567'],
  als: ['Më shkruani në WhatsApp +355 69 555 1234', '5000 lekë cash ose me bankë', 'Hidraulik i disponueshëm këtë javë, rrjedhje dhe bojler, 5000 lekë, WhatsApp +355 69 555 1234'],
  vie: ['Nhắn Zalo hoặc WhatsApp cho mình +84 90 555 1234', '500 nghìn tiền mặt hoặc chuyển khoản', 'Thợ sửa ống nước tuần này rảnh, sửa rò rỉ và bình nóng lạnh, 300 nghìn, gọi +84 90 555 1234'],
  som: ['Igala soo xiriir WhatsApp +252 61 555 1234', '50 doolar lacag caddaan ah ama bangi', 'Tuubbiste diyaar ah toddobaadkan, biyo daadasho iyo kuleyliye, 20 doolar, WhatsApp +252 61 555 1234'],
  kmr: ['Li ser WhatsAppê ji min re binivîsin +90 555 123 4567', '500 TL bi pere an bi bankê', 'Tesîsatçî vê hefteyê amade ye, boriyên avê û kombî, 500 TL, WhatsApp +90 555 123 4567'],
  arb: ['راسلني على واتساب +218 91 555 1234', '50 دينار كاش أو تحويل بنكي', 'سباك متوفر هذا الأسبوع، تصليح تسريبات وسخانات، 50 دينار الزيارة، واتساب +218 91 555 1234'],
  ckb: ['لە واتسئاپ نامەم بۆ بنێرن +964 750 555 1234', '50 هەزار دینار کاش یان گواستنەوەی بانک', 'وەستای ئاو و بۆری ئەم هەفتەیە ئامادەیە، چاککردنی دزە و ئاوگەرمکەر، 25 هەزار دینار، واتسئاپ +964 750 555 1234'],
  pes: ['در واتساپ به من پیام بدهید +98 912 555 1234', 'پانصد هزار تومان نقدی یا کارت به کارت', 'لوله‌کش این هفته در دسترس است، تعمیر نشتی و آبگرمکن، دستمزد پانصد هزار تومان، واتساپ +98 912 555 1234'],
  pbu: ['په واټساپ کې ماته پیغام راکړئ +93 70 555 1234', 'پنځه زره افغانۍ نغدې یا بانکي لیږد', 'نل جوړونکی پدې اونۍ کې چمتو دی، د اوبو څڅېدل او ګیزر، پنځه سوه افغانۍ، واټساپ +93 70 555 1234'],
  urd: ['واٹس ایپ پر میسج کریں +92 300 5551234', 'پانچ ہزار روپے نقد یا بینک ٹرانسفر', 'پلمبر اس ہفتے دستیاب ہے، لیکیج اور گیزر کی مرمت، ایک ہزار روپے، واٹس ایپ +92 300 5551234'],
  tir: ['ብዋትስኣፕ ጽሓፉለይ +291 7 555 123', '500 ናቕፋ ብጥረ ገንዘብ ወይ ብባንክ', 'በዓል ሞያ ማይ ነዚ ሰሙን ድሉው እዩ፡ ምጽጋን ምፍሳስ ማይ፡ 500 ናቕፋ፡ ዋትስኣፕ +291 7 555 123'],
  amh: ['በዋትስአፕ ጻፉልኝ +251 91 555 1234', '500 ብር በጥሬ ገንዘብ ወይም በባንክ', 'የቧንቧ ሠራተኛ በዚህ ሳምንት ዝግጁ ነው፣ የውሃ መፍሰስ ጥገና፣ 500 ብር፣ ዋትስአፕ +251 91 555 1234'],
  ell: ['Στείλτε μου στο WhatsApp +30 69 5551 2345', '50 ευρώ μετρητά ή με τράπεζα', 'Υδραυλικός διαθέσιμος αυτή την εβδομάδα, διαρροές και θερμοσίφωνες, 50 ευρώ η επίσκεψη, WhatsApp +30 69 5551 2345'],
  rus: ['Пишите в WhatsApp +7 916 555 12 34', '3000 рублей наличными или переводом', 'Сантехник свободен на этой неделе, протечки и бойлеры, выезд 3000 рублей, WhatsApp +7 916 555 12 34'],
};

const JUNK = ['!!! ??? ... $$$ ### 1234 5678', 'aaaaaaaaaa hhhhhhhh zzzzzz !!!!!', '2002-07-26 20020715 07.15.2002 #42', '+44 7700 900123 +44 7700 900124 +44 7700 900125', '😂😂😂 🔥🔥 👍 ... ??? ...', '€€€ £££ $$$ 100 200 300 400'];

describe('contact and price alone never make an advert (every language)', () => {
  const rules = createScanner({ model: false });
  const full = createScanner();
  for (const [lang, posts] of Object.entries(POSTS)) {
    it(`${lang}: contact-only, payment-only and plain-service posts are allow`, async () => {
      for (const scanner of [rules, full]) {
        const rs = await scanner.classifyBatch(posts);
        expect(rs.map((r, i) => `${r.decision} ${r.risk} ${posts[i]}`)).toEqual(posts.map((p, i) => `allow ${rs[i]!.risk} ${p}`));
      }
    });
  }
  it('junk with no words is allow, with the rules alone and with the model', async () => {
    for (const scanner of [rules, full]) {
      const rs = await scanner.classifyBatch(JUNK);
      expect(rs.map((r) => r.decision)).toEqual(JUNK.map(() => 'allow'));
    }
  });
  it('the same supporting signals beside a crossing offer still raise it (the rule is not a blanket cap)', async () => {
    const r = await rules.classify('Boat to UK from Calais this week, 3 places left, £1500, pay on arrival, WhatsApp +44 7700 900123');
    expect(r.risk).toBeGreaterThanOrEqual(0.5);
  });
});
