import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/language/index.js';

describe('detectLanguage', () => {
  it.each([
    ['eng', 'Boat leaving for the UK this week, only four places left, message me for details'],
    ['fra', 'Passage pour l’Angleterre cette semaine, il reste trois places, contactez-moi en privé'],
    ['ita', 'Cerchiamo persone per il viaggio in Italia la prossima settimana, posti limitati, scrivetemi'],
    ['spa', 'Viaje a España en patera la semana que viene, quedan pocas plazas, escríbeme por privado'],
    ['deu', 'Wir bringen euch sicher nach Deutschland, nur noch wenige Plätze frei, schreibt mir privat'],
    ['tur', 'Yunanistan’a güvenli geçiş, bu hafta son yerler kaldı, detaylar için mesaj atın lütfen'],
    ['als', 'Rruga për në Angli me kamion, garanci njëqind për qind, paguani kur të mbërrini atje'],
    ['vie', 'Đi Anh bằng xe tải tuần này, bao đậu, còn vài chỗ, liên hệ ngay để biết thêm'],
    ['som', 'Tahriibka Talyaaniga waa diyaar, meelo yar ayaa haray, nala soo xiriir si degdeg ah'],
    ['kmr', 'Rêwîtiya Îngilîstanê bi kamyonê vê hefteyê, sê cih mane, ji bo agahiyan peyam bişînin'],
    ['arb', 'رحلة إلى إيطاليا هذا الأسبوع، الأماكن محدودة، الدفع عند الوصول، تواصل معنا على الخاص'],
    ['pes', 'سفر به یونان با قایق این هفته، جای محدود، پرداخت بعد از رسیدن، پیام بدهید لطفا'],
    ['ckb', 'گەشت بۆ بەریتانیا بە بەلەم ئەم هەفتەیە، شوێنی کەم ماوە، پەیوەندیمان پێوە بکەن'],
    ['pbu', 'اروپا ته سفر د کشتۍ په ذریعه، ځایونه محدود دي، له موږ سره اړیکه ونیسئ'],
    ['urd', 'یورپ جانے کے لیے کشتی کا سفر، سیٹیں محدود ہیں، ابھی رابطہ کریں اور بکنگ کروائیں'],
    ['rus', 'Переход в Польшу через лес, проводник, гарантия, пишите в телеграм для деталей'],
    ['ell', 'Μεταφορά στην Ιταλία με σκάφος αυτή την εβδομάδα, λίγες θέσεις, στείλτε μήνυμα'],
    ['tir', 'ናብ ኢጣልያ ጉዕዞ ኣሎ፣ ብጀልባ እዩ፣ ቦታ ውሑድ እዩ፣ ምስ ደላላይ ተራኸቡ'],
    ['amh', 'ወደ ጣሊያን ጉዞ አለ፣ በጀልባ ነው፣ ቦታ ውስን ነው፣ ደላላውን ያነጋግሩ እና ይመዝገቡ'],
  ])('%s', (code, text) => {
    const r = detectLanguage(text);
    expect(r.code).toBe(code);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('recognises Arabizi and Finglish as Arabic and Persian', () => {
    expect(detectLanguage('khoya bghit nharg l l7arga l italie, wach kayn chi babour had simana').code).toBe('arb');
    expect(detectLanguage('salam dadash, mikham beram yunan ba ghayegh, kheili pool mikhay?').code).toBe('pes');
  });

  it('gives und with a reason for short or mixed text, and never throws', () => {
    expect(detectLanguage('ok')).toMatchObject({ code: 'und', reason: 'too_short' });
    expect(detectLanguage('')).toMatchObject({ code: 'und' });
    expect(detectLanguage('🚤🚤🚤 +44 7700 900123').code).toBe('und');
    expect(detectLanguage('\uD800\u202E\u0000abc')).toMatchObject({ code: 'und', reason: 'too_short' });
    expect(detectLanguage('\uD800\u202E'.repeat(50) + 'passage')).toMatchObject({ code: 'und', reason: 'too_short' });
  });

  it('reports the script', () => {
    expect(detectLanguage('Переход в Польшу через лес, проводник').script).toBe('Cyrl');
    expect(detectLanguage('رحلة إلى إيطاليا هذا الأسبوع').script).toBe('Arab');
  });
});
